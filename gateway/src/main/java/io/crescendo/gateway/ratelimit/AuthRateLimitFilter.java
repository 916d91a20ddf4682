package io.crescendo.gateway.ratelimit;

import io.crescendo.gateway.web.CorsConfiguration;
import io.crescendo.gateway.web.ErrorBodies;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Rate limit of sign-up and the logins per client address (API-v1 §1.4): past the limit the answer
 * is 429 {@code {"detail": ...}} with {@code Retry-After} in whole seconds. The address is the
 * connection's remote address; behind a trusted proxy, set {@code server.forward-headers-
 * strategy=native} so that it is taken from {@code X-Forwarded-For}.
 */
public class AuthRateLimitFilter implements WebFilter, Ordered {

  private final ServerWebExchangeMatcher limited;
  private final TokenBuckets buckets;

  public AuthRateLimitFilter(ServerWebExchangeMatcher limited, TokenBuckets buckets) {
    this.limited = limited;
    this.buckets = buckets;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    return limited
        .matches(exchange)
        .flatMap(
            match -> {
              if (!match.isMatch()) {
                return chain.filter(exchange);
              }
              Duration wait = buckets.tryAcquire(clientAddress(exchange));
              if (wait.isZero()) {
                return chain.filter(exchange);
              }
              long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
              exchange
                  .getResponse()
                  .getHeaders()
                  .set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
              return ErrorBodies.write(
                  exchange, HttpStatus.TOO_MANY_REQUESTS, ErrorBodies.throttled(seconds));
            });
  }

  private static String clientAddress(ServerWebExchange exchange) {
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    if (remote == null) {
      return "unknown";
    }
    return remote.getAddress() != null
        ? remote.getAddress().getHostAddress()
        : remote.getHostString();
  }

  /** After CORS (so a 429 carries CORS headers), before security. */
  @Override
  public int getOrder() {
    return CorsConfiguration.ORDER + 10;
  }
}

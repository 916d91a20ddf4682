package io.crescendo.web.connection;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Reads what is left of a request body that nobody read before the exchange ends: a 401 from the
 * security chain, a 405, a validation error raised before the body was parsed. Left unread on a
 * kept-alive HTTP/1.1 connection, those bytes were seen to stall the next request on the same
 * connection (a client waiting 30 s for an answer that never came). Bodies over {@link #MAX_DRAIN}
 * are not read (the size limit answers them, and reading them would be the attacker's win).
 */
public class UnreadBodyDrainFilter implements WebFilter, Ordered {

  /** The gateway's body limit: above it the request is refused, not read. */
  static final long MAX_DRAIN = 6L * 1024 * 1024;

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    long length = exchange.getRequest().getHeaders().getContentLength();
    boolean mayHaveBody =
        length > 0 || exchange.getRequest().getHeaders().containsHeader("Transfer-Encoding");
    if (!mayHaveBody || length > MAX_DRAIN) {
      return chain.filter(exchange);
    }
    return chain
        .filter(exchange)
        .then(Mono.defer(() -> drain(exchange)))
        .onErrorResume(error -> drain(exchange).then(Mono.error(error)));
  }

  /** Reads and frees the rest; nothing if a handler read it already (one reader is allowed). */
  private static Mono<Void> drain(ServerWebExchange exchange) {
    return exchange
        .getRequest()
        .getBody()
        .doOnNext(DataBufferUtils::release)
        .then()
        .onErrorResume(e -> Mono.empty());
  }

  /** Outermost, so that it runs after every other filter and the handler are done. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}

package io.crescendo.gateway.consistency;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Read-your-writes across the CQRS split (API-v1 §1.7, docs/consistency.md), once for every route:
 * a service's successful write answers with {@link #TOKEN_HEADER} (what it stored, as topic
 * positions); this filter holds that answer until search-service reports every position applied to
 * its read models, so any GET that follows, on any replica, sees the write.
 *
 * <p>The wait is bounded: past {@code max-wait}, or when search-service cannot be asked, the write
 * is answered anyway (it did happen) and {@link #STATUS_HEADER} says so: {@code applied}, {@code
 * timeout} or {@code unavailable}. The internal token never leaves the gateway.
 *
 * <p>Ordered right after {@link NettyWriteResponseFilter}: its post-processing (writing the body)
 * runs after this one's, so the status line and headers are still open here; and before the route
 * filters, so the wait is not counted against a route's circuit-breaker time limit.
 */
public class ReadYourWritesFilter implements GlobalFilter, Ordered {

  /** Set by the write services (shared-events' {@code ConsistencyToken.HEADER}). */
  public static final String TOKEN_HEADER = "Crescendo-Consistency-Token";

  /** Set on the answer of every write that stored events. */
  public static final String STATUS_HEADER = "Crescendo-Consistency";

  private static final Logger log = LoggerFactory.getLogger(ReadYourWritesFilter.class);

  /** Allowance for the round trip on top of the wait itself. */
  private static final Duration ROUND_TRIP = Duration.ofMillis(500);

  private final WebClient search;
  private final Duration maxWait;

  public ReadYourWritesFilter(WebClient.Builder webClients, ReadYourWritesProperties properties) {
    this.search = webClients.baseUrl(properties.searchService().toString()).build();
    this.maxWait = properties.maxWait();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    return chain.filter(exchange).then(Mono.defer(() -> holdUntilApplied(exchange.getResponse())));
  }

  private Mono<Void> holdUntilApplied(ServerHttpResponse response) {
    String token = response.getHeaders().getFirst(TOKEN_HEADER);
    if (token == null) {
      return Mono.empty();
    }
    response.getHeaders().remove(TOKEN_HEADER);
    HttpStatusCode status = response.getStatusCode();
    if (status == null || !status.is2xxSuccessful()) {
      return Mono.empty();
    }
    return search
        .get()
        .uri(
            uri ->
                uri.path("/internal/consistency/await")
                    .queryParam("token", "{token}")
                    .queryParam("timeout_ms", maxWait.toMillis())
                    .build(token))
        .retrieve()
        .bodyToMono(Applied.class)
        .map(answer -> answer.applied() ? "applied" : "timeout")
        .timeout(maxWait.plus(ROUND_TRIP))
        .onErrorResume(
            e -> {
              log.warn("Read-your-writes wait failed, answering anyway: {}", e.toString());
              return Mono.just("unavailable");
            })
        .doOnNext(outcome -> response.getHeaders().set(STATUS_HEADER, outcome))
        .then();
  }

  @Override
  public int getOrder() {
    return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER + 1;
  }

  /** search-service's answer. */
  record Applied(boolean applied) {}
}

package io.crescendo.events.axon.consistency;

import io.crescendo.events.kafka.ConsistencyToken;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request a {@link WrittenEvents} (in the Reactor context, where {@code
 * ReactiveCommandGateway} finds it) and answers with {@link ConsistencyToken#HEADER} when the
 * request stored public events. One filter for every controller of the service.
 */
public class ConsistencyTokenWebFilter implements WebFilter, Ordered {

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    WrittenEvents written = new WrittenEvents();
    exchange
        .getResponse()
        .beforeCommit(
            () -> {
              ConsistencyToken token = written.token();
              if (!token.isEmpty()) {
                exchange.getResponse().getHeaders().set(ConsistencyToken.HEADER, token.format());
              }
              return Mono.empty();
            });
    return chain
        .filter(exchange)
        .contextWrite(context -> context.put(WrittenEvents.class, written));
  }

  /** Outside Spring Security's filter chain, so that the context covers all of it. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }
}

package io.crescendo.web.security;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.AbstractHandlerMethodMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Matches requests for which no controller method, actuator endpoint or router function exists, so
 * that they are answered 404 by the dispatcher instead of 401 (as the original did: URL resolution
 * came before authentication). A path that exists with another method or media type counts as
 * mapped (its security rules apply). Handler mappings of other kinds (static resources) are not
 * consulted: nothing behind them needs protection.
 */
public final class UnmappedRouteMatcher implements ServerWebExchangeMatcher {

  private final ObjectProvider<HandlerMapping> handlerMappings;
  private volatile List<HandlerMapping> routeMappings;

  public UnmappedRouteMatcher(ObjectProvider<HandlerMapping> handlerMappings) {
    this.handlerMappings = handlerMappings;
  }

  @Override
  public Mono<MatchResult> matches(ServerWebExchange exchange) {
    return Flux.fromIterable(routeMappings())
        .concatMap(mapping -> routes(mapping, exchange))
        .any(Boolean::booleanValue)
        .flatMap(mapped -> mapped ? MatchResult.notMatch() : MatchResult.match());
  }

  private static Mono<Boolean> routes(HandlerMapping mapping, ServerWebExchange exchange) {
    Mono<?> handler;
    if (mapping instanceof AbstractHandlerMethodMapping<?> methods) {
      handler = methods.getHandlerInternal(exchange);
    } else if (mapping instanceof RouterFunctionMapping functions) {
      RouterFunction<?> router = functions.getRouterFunction();
      handler =
          router == null
              ? Mono.empty()
              : router.route(
                  ServerRequest.create(
                      exchange, HandlerStrategies.withDefaults().messageReaders()));
    } else {
      handler = Mono.empty();
    }
    // 405, 406, 415 and the like: the route exists
    return handler.hasElement().onErrorResume(e -> Mono.just(Boolean.TRUE));
  }

  private List<HandlerMapping> routeMappings() {
    List<HandlerMapping> mappings = routeMappings;
    if (mappings == null) {
      mappings =
          handlerMappings
              .orderedStream()
              .filter(
                  m ->
                      m instanceof AbstractHandlerMethodMapping
                          || m instanceof RouterFunctionMapping)
              .toList();
      routeMappings = mappings;
    }
    return mappings;
  }
}

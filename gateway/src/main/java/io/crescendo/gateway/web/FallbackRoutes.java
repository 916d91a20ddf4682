package io.crescendo.gateway.web;

import io.crescendo.web.error.ApiError;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Target of every route's circuit breaker ({@code fallbackUri: forward:/__gateway/unavailable}):
 * the service is down, too slow or its breaker is open → 503 {@code {"detail": ...}}.
 */
@Configuration(proxyBeanMethods = false)
public class FallbackRoutes {

  public static final String UNAVAILABLE = "/__gateway/unavailable";

  @Bean
  RouterFunction<ServerResponse> unavailableFallback() {
    return RouterFunctions.route(
        RequestPredicates.path(UNAVAILABLE),
        request ->
            ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "5")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                    ApiError.detail(HttpStatus.SERVICE_UNAVAILABLE, ErrorBodies.UNAVAILABLE)
                        .body()));
  }
}

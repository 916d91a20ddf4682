package io.crescendo.web.security;

import io.crescendo.web.error.ApiError;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** 403 {@code {"detail": ...}} for an authenticated caller lacking the required role. */
public class JsonAccessDeniedHandler implements ServerAccessDeniedHandler {

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
    return SecurityErrorResponses.write(
        exchange, ApiError.detail(HttpStatus.FORBIDDEN, SecurityErrorResponses.FORBIDDEN), false);
  }
}

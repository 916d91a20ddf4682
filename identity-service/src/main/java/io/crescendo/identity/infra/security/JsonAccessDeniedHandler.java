package io.crescendo.identity.infra.security;

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
        exchange,
        HttpStatus.FORBIDDEN,
        SecurityErrorResponses.detail(SecurityErrorResponses.FORBIDDEN),
        false);
  }
}

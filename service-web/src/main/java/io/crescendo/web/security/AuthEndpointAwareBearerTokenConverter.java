package io.crescendo.web.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads the bearer token, except on the auth endpoints (API-v1 §2.2, {@link
 * AuthEndpoints#ignoringAuthorization()}), where the frontend sends its stale access token along
 * and the header must be ignored (it stays on the request: the gateway forwards it).
 */
public class AuthEndpointAwareBearerTokenConverter implements ServerAuthenticationConverter {

  private final ServerWebExchangeMatcher ignored;
  private final ServerAuthenticationConverter delegate;

  public AuthEndpointAwareBearerTokenConverter(
      ServerWebExchangeMatcher ignored, ServerAuthenticationConverter delegate) {
    this.ignored = ignored;
    this.delegate = delegate;
  }

  @Override
  public Mono<Authentication> convert(ServerWebExchange exchange) {
    return ignored
        .matches(exchange)
        .flatMap(match -> match.isMatch() ? Mono.empty() : delegate.convert(exchange));
  }
}

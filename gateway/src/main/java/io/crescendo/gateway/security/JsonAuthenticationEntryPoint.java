package io.crescendo.gateway.security;

import io.crescendo.gateway.web.ErrorBodies;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 401 with {@code WWW-Authenticate: Bearer realm="api"}: the token body of API-v1 §2.3 for a bad,
 * expired, malformed or wrong-type bearer token, {@code {"detail": ...}} otherwise.
 */
class JsonAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

  @Override
  public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
    exchange
        .getResponse()
        .getHeaders()
        .set(HttpHeaders.WWW_AUTHENTICATE, ErrorBodies.WWW_AUTHENTICATE);
    if (ex instanceof OAuth2AuthenticationException oauth) {
      String reason = oauth.getError().getDescription();
      return ErrorBodies.write(
          exchange,
          HttpStatus.UNAUTHORIZED,
          ErrorBodies.tokenNotValid(reason != null ? reason : oauth.getMessage()));
    }
    return ErrorBodies.write(
        exchange, HttpStatus.UNAUTHORIZED, ErrorBodies.detail(ErrorBodies.NOT_PROVIDED));
  }
}

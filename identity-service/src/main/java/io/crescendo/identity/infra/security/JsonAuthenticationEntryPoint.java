package io.crescendo.identity.infra.security;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 401 answers, always with {@code WWW-Authenticate: Bearer realm="api"}:
 *
 * <ul>
 *   <li>bad, expired, malformed or wrong-type bearer token → the token body of API-v1 §2.3 ({@code
 *       code=token_not_valid}, {@code messages[0].token_type="access"});
 *   <li>valid token of a deleted account → {@code {"detail": ..., "code": "user_not_found"}};
 *   <li>no token on a protected route → {@code {"detail": "Authentication credentials were not
 *       provided."}}.
 * </ul>
 */
public class JsonAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

  @Override
  public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
    if (ex instanceof UserNotFoundException) {
      return SecurityErrorResponses.write(
          exchange, HttpStatus.UNAUTHORIZED, SecurityErrorResponses.userNotFound(), true);
    }
    if (ex instanceof OAuth2AuthenticationException oauth) {
      String reason = oauth.getError().getDescription();
      return SecurityErrorResponses.write(
          exchange,
          HttpStatus.UNAUTHORIZED,
          SecurityErrorResponses.tokenNotValid(reason != null ? reason : oauth.getMessage()),
          true);
    }
    return SecurityErrorResponses.write(
        exchange,
        HttpStatus.UNAUTHORIZED,
        SecurityErrorResponses.detail(SecurityErrorResponses.NOT_PROVIDED),
        true);
  }
}

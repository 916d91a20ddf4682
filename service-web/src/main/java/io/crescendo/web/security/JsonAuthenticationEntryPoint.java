package io.crescendo.web.security;

import io.crescendo.web.error.ApiError;
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
 *   <li>a {@link CodedAuthenticationException} → {@code {"detail": ..., "code": ...}};
 *   <li>no token where a caller is needed → {@code {"detail": "Authentication credentials were not
 *       provided."}}.
 * </ul>
 */
public class JsonAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

  @Override
  public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
    ApiError error =
        switch (ex) {
          case CodedAuthenticationException coded ->
              ApiError.coded(HttpStatus.UNAUTHORIZED, coded.getMessage(), coded.code());
          case OAuth2AuthenticationException oauth -> {
            String reason = oauth.getError().getDescription();
            yield SecurityErrorResponses.tokenNotValid(
                reason != null ? reason : oauth.getMessage());
          }
          default -> ApiError.detail(HttpStatus.UNAUTHORIZED, SecurityErrorResponses.NOT_PROVIDED);
        };
    return SecurityErrorResponses.write(exchange, error, true);
  }
}

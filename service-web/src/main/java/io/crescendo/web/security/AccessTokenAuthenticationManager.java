package io.crescendo.web.security;

import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Authenticates a bearer access token with an {@link AccessTokenDecoders access-token decoder}: the
 * caller becomes a {@link JwtAuthenticationToken} named by its {@code user_uuid}.
 *
 * <ul>
 *   <li>a bad token → {@link InvalidBearerTokenException} (401, API-v1 §2.3), with a short reason
 *       such as "Token is expired" for {@code messages[0].message};
 *   <li>keys that cannot be fetched (identity-service unreachable) → 503 {@code {"detail": ...}}:
 *       the token may well be valid, so the frontend must not be told to refresh it.
 * </ul>
 */
public class AccessTokenAuthenticationManager implements ReactiveAuthenticationManager {

  static final String INVALID_TOKEN = "Token is invalid";

  private final ReactiveJwtDecoder decoder;

  public AccessTokenAuthenticationManager(ReactiveJwtDecoder decoder) {
    this.decoder = decoder;
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
      return Mono.empty();
    }
    return Mono.defer(() -> decoder.decode(bearer.getToken()))
        // keys that could not be looked up (AccessTokenDecoders)
        .onErrorMap(
            AuthenticationServiceException.class,
            e ->
                new ResponseStatusException(
                    HttpStatus.SERVICE_UNAVAILABLE, "Token keys are unavailable.", e))
        .onErrorMap(BadJwtException.class, e -> new InvalidBearerTokenException(reason(e), e))
        .map(
            jwt ->
                new JwtAuthenticationToken(jwt, List.of(), CurrentUser.userIdOf(jwt).toString()));
  }

  private static String reason(BadJwtException e) {
    if (e instanceof JwtValidationException v && !v.getErrors().isEmpty()) {
      String reasons =
          v.getErrors().stream()
              .map(OAuth2Error::getDescription)
              .filter(d -> d != null && !d.isBlank())
              .map(AccessTokenAuthenticationManager::plain)
              .distinct()
              .collect(Collectors.joining("; "));
      return reasons.isEmpty() ? INVALID_TOKEN : reasons;
    }
    return INVALID_TOKEN;
  }

  private static String plain(String description) {
    return description.startsWith("Jwt expired") ? "Token is expired" : description;
  }
}

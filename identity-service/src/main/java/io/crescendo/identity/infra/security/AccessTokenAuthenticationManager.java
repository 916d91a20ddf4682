package io.crescendo.identity.infra.security;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Authenticates a bearer access token: decodes and validates it, then checks that the account still
 * exists. Invalid token → {@link InvalidBearerTokenException} (401 {@code token_not_valid});
 * deleted account → {@link UserNotFoundException} (401 {@code user_not_found}).
 */
public class AccessTokenAuthenticationManager implements ReactiveAuthenticationManager {

  static final String INVALID_TOKEN = "Token is invalid";

  private final ReactiveJwtDecoder decoder;
  private final AccountStatus accountStatus;

  public AccessTokenAuthenticationManager(ReactiveJwtDecoder decoder, AccountStatus accountStatus) {
    this.decoder = decoder;
    this.accountStatus = accountStatus;
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
      return Mono.empty();
    }
    return Mono.defer(() -> decoder.decode(bearer.getToken()))
        .onErrorMap(BadJwtException.class, e -> new InvalidBearerTokenException(reason(e), e))
        .flatMap(
            jwt -> {
              UUID userId = CurrentUser.userIdOf(jwt);
              return accountStatus
                  .isActive(userId)
                  .defaultIfEmpty(Boolean.FALSE)
                  .flatMap(
                      active ->
                          active
                              ? Mono.just(
                                  (Authentication)
                                      new JwtAuthenticationToken(jwt, List.of(), userId.toString()))
                              : Mono.error(new UserNotFoundException("User not found")));
            });
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

package io.crescendo.web.security;

import java.util.Objects;
import java.util.UUID;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The authenticated caller. Declare it as a controller method parameter ({@code CurrentUser
 * caller}) and it is resolved from the verified access token; without one the request is answered
 * 401 {@code {"detail": "Authentication credentials were not provided."}}. A public route that
 * shows members more declares {@code Optional<CurrentUser>} instead: empty for anonymous callers.
 *
 * @param id the user's UUID ({@code user_uuid} claim)
 * @param jwt the verified access token
 */
public record CurrentUser(UUID id, Jwt jwt) {

  public CurrentUser {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(jwt, "jwt");
  }

  /** The caller of a verified access token (its {@code user_uuid} claim). */
  public static CurrentUser of(Jwt jwt) {
    return new CurrentUser(userIdOf(jwt), jwt);
  }

  /** The {@code user_uuid} claim of a verified access token. */
  public static UUID userIdOf(Jwt jwt) {
    return UUID.fromString(jwt.getClaimAsString(AccessTokenClaims.USER_UUID));
  }

  @Override
  public String toString() {
    return "CurrentUser[" + id + "]";
  }
}

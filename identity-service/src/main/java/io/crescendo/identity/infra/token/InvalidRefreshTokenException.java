package io.crescendo.identity.infra.token;

/**
 * The presented refresh token is unknown, malformed, expired, rotated, logged out or revoked.
 * Answer 401 {@code {"detail": ..., "code": "token_not_valid"}} (API-v1 §5.1.2, §5.1.3).
 */
public class InvalidRefreshTokenException extends RuntimeException {

  public InvalidRefreshTokenException(String message) {
    super(message, null, false, false);
  }
}

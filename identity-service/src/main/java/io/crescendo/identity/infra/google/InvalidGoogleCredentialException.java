package io.crescendo.identity.infra.google;

/**
 * The Google credential was rejected: bad signature, wrong audience or issuer, expired, e-mail
 * missing or unverified, malformed. Answer 401 {@code {"detail": ..., "code": "token_not_valid"}}
 * (API-v1 §5.1.1).
 */
public class InvalidGoogleCredentialException extends RuntimeException {

  public InvalidGoogleCredentialException(String message) {
    super(message);
  }

  public InvalidGoogleCredentialException(String message, Throwable cause) {
    super(message, cause);
  }
}

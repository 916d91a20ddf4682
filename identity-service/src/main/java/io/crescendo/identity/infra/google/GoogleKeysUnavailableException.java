package io.crescendo.identity.infra.google;

/**
 * Google's signing keys could not be fetched, so the credential could not be checked. A subtype of
 * {@link InvalidGoogleCredentialException} (so it is never accepted); map it to 503 if you want to
 * tell the two apart.
 */
public class GoogleKeysUnavailableException extends InvalidGoogleCredentialException {

  public GoogleKeysUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

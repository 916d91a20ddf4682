package io.crescendo.identity.infra.security;

import io.crescendo.web.security.CodedAuthenticationException;

/** A valid access token of an account that no longer exists (401 {@code user_not_found}). */
public class UserNotFoundException extends CodedAuthenticationException {

  public UserNotFoundException(String message) {
    super(message, "user_not_found");
  }
}

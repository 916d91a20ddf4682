package io.crescendo.identity.infra.security;

import org.springframework.security.core.AuthenticationException;

/** A valid access token of an account that no longer exists (401 {@code user_not_found}). */
public class UserNotFoundException extends AuthenticationException {

  public UserNotFoundException(String message) {
    super(message);
  }
}

package io.crescendo.identity.api;

/** Another account already claims this e-mail address (compared case-insensitively). */
public class EmailAlreadyRegistered extends RuntimeException {

  public EmailAlreadyRegistered(String email) {
    super("already registered: " + email);
  }
}

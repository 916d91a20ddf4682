package io.crescendo.identity.web;

/** E-mail unknown, password wrong or account without password: deliberately indistinguishable. */
class InvalidCredentials extends RuntimeException {

  InvalidCredentials() {
    super("No active account found with the given credentials.");
  }
}

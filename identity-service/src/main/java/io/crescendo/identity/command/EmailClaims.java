package io.crescendo.identity.command;

import java.util.UUID;

/**
 * The set-based rule "one account per e-mail". Implementations write in the command's transaction,
 * so a claim exists exactly when the account's events do.
 */
public interface EmailClaims {

  /** Claims the (already normalised) e-mail for the user; false when someone else holds it. */
  boolean claim(String email, UUID userId);

  /** Frees the user's e-mail, so that a new account may use it. */
  void release(UUID userId);
}

package io.crescendo.study.users;

import java.util.UUID;

/**
 * The caller's token is valid but study-service does not know the user, even after catching up with
 * the user events: the account was deleted. 401 {@code "code": "user_not_found"} (API-v1 §2.1).
 */
public class UnknownUser extends RuntimeException {

  private final UUID userId;

  public UnknownUser(UUID userId) {
    super("User not found.");
    this.userId = userId;
  }

  public UUID userId() {
    return userId;
  }
}

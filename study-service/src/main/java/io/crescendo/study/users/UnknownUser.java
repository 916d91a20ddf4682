package io.crescendo.study.users;

import java.util.UUID;

/**
 * The caller's token is valid but study-service applied the account's {@code UserDeleted}. 401
 * {@code "code": "user_not_found"} (API-v1 §2.1). A user not known at all is {@link
 * UserNotKnownYet}.
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

package io.crescendo.study.users;

import java.util.UUID;

/**
 * The caller's token is valid, the account was not deleted, but its {@code UserRegistered} has not
 * reached study-service even after waiting for the user feed (Kafka down, the feed still catching
 * up after a restart): 503, try again — not 401, which would log the user out.
 */
public class UserNotKnownYet extends RuntimeException {

  private final UUID userId;

  public UserNotKnownYet(UUID userId) {
    super("User not known yet.");
    this.userId = userId;
  }

  public UUID userId() {
    return userId;
  }
}

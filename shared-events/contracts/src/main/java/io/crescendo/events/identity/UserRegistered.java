package io.crescendo.events.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A person signed up and now has a Crescendo account with this e-mail and username. */
public record UserRegistered(UUID userId, String email, String username, Instant occurredAt)
    implements IdentityEvent {

  public UserRegistered {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}

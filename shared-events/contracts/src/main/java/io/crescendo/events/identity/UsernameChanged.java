package io.crescendo.events.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A user chose a new username; it replaces the previous one wherever it is shown. */
public record UsernameChanged(UUID userId, String username, Instant occurredAt)
    implements IdentityEvent {

  public UsernameChanged {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}

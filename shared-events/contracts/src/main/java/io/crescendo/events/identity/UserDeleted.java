package io.crescendo.events.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A user deleted their account; consumers drop or anonymise what they hold about this user. No
 * further events follow for this id.
 */
public record UserDeleted(UUID userId, Instant occurredAt) implements IdentityEvent {

  public UserDeleted {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}

package io.crescendo.events.study;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A pending request was withdrawn without a decision, because its author deleted their account. It
 * is no longer pending; subscribers drop it.
 */
public record JoinRequestWithdrawn(UUID studyId, long requestId, UUID userId, Instant occurredAt)
    implements StudyGroupEvent {

  public JoinRequestWithdrawn {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}

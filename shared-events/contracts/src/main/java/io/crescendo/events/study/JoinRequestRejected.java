package io.crescendo.events.study;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The leader rejected a pending request. It stays on record: the user sees it among their rejected
 * ("disapproved") studies and cannot apply to this study again.
 */
public record JoinRequestRejected(UUID studyId, long requestId, UUID userId, Instant occurredAt)
    implements StudyGroupEvent {

  public JoinRequestRejected {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}

package io.crescendo.events.study;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A (non-leader) membership ended: the leader removed the member, or the member deleted their
 * account. The user's submissions in this study go with it; the user may apply again later.
 */
public record MemberRemoved(UUID studyId, long membershipId, UUID userId, Instant occurredAt)
    implements StudyGroupEvent {

  public MemberRemoved {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}

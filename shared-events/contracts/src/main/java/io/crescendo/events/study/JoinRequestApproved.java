package io.crescendo.events.study;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The leader approved a pending request: its author became a (non-leader) member.
 *
 * @param membershipId the new membership's id, a positive integer unique across studies; the
 *     membership was created at {@link #occurredAt()}
 */
public record JoinRequestApproved(
    UUID studyId, long requestId, UUID userId, long membershipId, Instant occurredAt)
    implements StudyGroupEvent {

  public JoinRequestApproved {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}

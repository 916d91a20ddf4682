package io.crescendo.events.study;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A user asked to join the study; the request is pending until the leader approves or rejects it
 * (or it is withdrawn).
 *
 * @param requestId the request's id, a positive integer unique across studies
 * @param requestMessage the applicant's message, as sent
 */
public record JoinRequested(
    UUID studyId, long requestId, UUID userId, String requestMessage, Instant occurredAt)
    implements StudyGroupEvent {

  public JoinRequested {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(requestMessage, "requestMessage");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}

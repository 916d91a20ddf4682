package io.crescendo.events.assignment;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The submission is gone: deleted by its author or the leader, with its assignment or study, or
 * with its author's account. No further events follow for this id.
 */
public record SubmissionDeleted(
    long submissionId, long assignmentId, UUID studyId, Instant occurredAt)
    implements SubmissionEvent {

  public SubmissionDeleted {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}

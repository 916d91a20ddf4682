package io.crescendo.events.assignment;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The assignment is gone (deleted by the leader, or with its study). Its submissions are deleted
 * too, each with its own {@link SubmissionDeleted}. No further events follow for this id.
 */
public record AssignmentDeleted(long assignmentId, UUID studyId, Instant occurredAt)
    implements AssignmentEvent {

  public AssignmentDeleted {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}

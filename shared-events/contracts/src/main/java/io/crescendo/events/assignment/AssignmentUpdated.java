package io.crescendo.events.assignment;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The leader edited the assignment: both fields carry their new (complete) values.
 *
 * @param occurredAt the assignment's new {@code updated_at}
 */
public record AssignmentUpdated(
    long assignmentId, UUID studyId, String title, String content, Instant occurredAt)
    implements AssignmentEvent {

  public AssignmentUpdated {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}

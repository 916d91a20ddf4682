package io.crescendo.events.assignment;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The study's leader posted an assignment.
 *
 * @param authorId the leader who posted it (the Assignment's {@code author})
 * @param title at most 64 characters, not blank
 * @param content plain text, at most 1500 characters, not blank
 * @param occurredAt the assignment's {@code created_at} (and first {@code updated_at})
 */
public record AssignmentCreated(
    long assignmentId,
    UUID studyId,
    UUID authorId,
    String title,
    String content,
    Instant occurredAt)
    implements AssignmentEvent {

  public AssignmentCreated {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(authorId, "authorId");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}

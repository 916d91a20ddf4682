package io.crescendo.events.assignment;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The author edited the submission: both fields carry their new (complete) values.
 *
 * @param content sanitized Quill HTML
 * @param occurredAt the submission's new {@code updated_at}
 */
public record SubmissionUpdated(
    long submissionId,
    long assignmentId,
    UUID studyId,
    String title,
    String content,
    Instant occurredAt)
    implements SubmissionEvent {

  public SubmissionUpdated {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}

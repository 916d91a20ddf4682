package io.crescendo.events.assignment;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A member submitted their work for an assignment (at most one submission per member and
 * assignment).
 *
 * @param authorId the member who submitted (the submission's {@code author})
 * @param title at most 64 characters, not blank
 * @param content sanitized Quill HTML, at most 1500 characters, not blank
 * @param occurredAt the submission's {@code created_at} (and first {@code updated_at})
 */
public record SubmissionCreated(
    long submissionId,
    long assignmentId,
    UUID studyId,
    UUID authorId,
    String title,
    String content,
    Instant occurredAt)
    implements SubmissionEvent {

  public SubmissionCreated {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(authorId, "authorId");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}

package io.crescendo.events.assignment;

import io.crescendo.events.PublicEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * Public events about a member's submission to an assignment, published by assignment-service on
 * {@link io.crescendo.events.Topics#ASSIGNMENT_SUBMISSION}, keyed by {@link #submissionId()}
 * (decimal).
 *
 * <p>Together with the identity events (the author's profile) they carry everything the submission
 * GETs of the HTTP contract show: id, study, assignment, author, title, content and timestamps.
 */
public sealed interface SubmissionEvent extends PublicEvent
    permits SubmissionCreated, SubmissionUpdated, SubmissionDeleted {

  /** The submission: the aggregate id, a positive integer unique across studies. */
  long submissionId();

  /** The assignment the submission answers. */
  long assignmentId();

  /** The study of that assignment. */
  UUID studyId();

  /** When it happened on the write side. */
  Instant occurredAt();
}

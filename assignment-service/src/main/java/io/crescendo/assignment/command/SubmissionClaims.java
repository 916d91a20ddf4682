package io.crescendo.assignment.command;

import java.util.UUID;

/**
 * One submission per member and assignment: a claim row written in the command's own transaction,
 * so it commits or rolls back with the submission's events.
 */
public interface SubmissionClaims {

  /** Claims the pair for {@code submissionId}; false if someone (the user) claimed it already. */
  boolean claim(long assignmentId, UUID userId, long submissionId);

  /** Frees the pair again (the submission was deleted). */
  void release(long assignmentId, UUID userId);
}

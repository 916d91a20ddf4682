package io.crescendo.assignment.command;

/**
 * Hands out assignment and submission ids: positive integers, at most 2^53 - 1 (API-v1 §1.1), from
 * one sequence so that no assignment and submission share an aggregate id.
 */
public interface IdentifierAllocator {

  long nextAssignmentId();

  long nextSubmissionId();
}

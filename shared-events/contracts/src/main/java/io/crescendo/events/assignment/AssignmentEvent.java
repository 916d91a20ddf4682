package io.crescendo.events.assignment;

import io.crescendo.events.PublicEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * Public events about an assignment of a study group, published by assignment-service on {@link
 * io.crescendo.events.Topics#ASSIGNMENT_ASSIGNMENT}, keyed by {@link #assignmentId()} (decimal).
 *
 * <p>Together with the identity events (the author's profile) they carry everything the assignment
 * GETs of the HTTP contract show: id, study, author, title, content and both timestamps.
 */
public sealed interface AssignmentEvent extends PublicEvent
    permits AssignmentCreated, AssignmentUpdated, AssignmentDeleted {

  /** The assignment: the aggregate id, a positive integer unique across studies. */
  long assignmentId();

  /** The study the assignment belongs to. */
  UUID studyId();

  /** When it happened on the write side. */
  Instant occurredAt();
}

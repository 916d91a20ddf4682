package io.crescendo.events.study;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The study is gone, with its memberships and join requests (subscribers drop them; assignment data
 * of the study goes too). No further events follow for this id.
 */
public record StudyGroupDeleted(UUID studyId, Instant occurredAt) implements StudyGroupEvent {

  public StudyGroupDeleted {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}

package io.crescendo.study.api;

import java.util.Objects;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Deletes the study with its memberships and join requests (API-v1 §5.3.6); leader only. Also sent
 * for every study a deleted account led (§5.2.3), with that account as the caller.
 */
public record DeleteStudyGroup(@TargetAggregateIdentifier UUID studyId, UUID callerId) {

  public DeleteStudyGroup {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(callerId, "callerId");
  }
}

package io.crescendo.study.api;

import java.util.Objects;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The user's account was deleted (API-v1 §5.2.3): their membership ends and their pending requests
 * are withdrawn; a study they led is deleted. Sent by the system, not by a caller, once per study
 * the user appears in. Idempotent: a user with nothing in the study changes nothing.
 */
public record LeaveBecauseAccountDeleted(@TargetAggregateIdentifier UUID studyId, UUID userId) {

  public LeaveBecauseAccountDeleted {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(userId, "userId");
  }
}

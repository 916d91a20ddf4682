package io.crescendo.study.api;

import java.util.Objects;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The leader removes a member by membership id (API-v1 §5.5.2). */
public record RemoveMember(
    @TargetAggregateIdentifier UUID studyId, long membershipId, UUID callerId) {

  public RemoveMember {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(callerId, "callerId");
  }
}

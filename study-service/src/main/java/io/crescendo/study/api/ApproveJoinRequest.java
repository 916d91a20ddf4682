package io.crescendo.study.api;

import java.util.Objects;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The leader accepts a pending request; its author becomes a member (API-v1 §5.6.3). */
public record ApproveJoinRequest(
    @TargetAggregateIdentifier UUID studyId, long requestId, UUID callerId) {

  public ApproveJoinRequest {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(callerId, "callerId");
  }
}

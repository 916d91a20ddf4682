package io.crescendo.study.api;

import java.util.Objects;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The leader turns down a pending request (API-v1 §5.6.4). */
public record RejectJoinRequest(
    @TargetAggregateIdentifier UUID studyId, long requestId, UUID callerId) {

  public RejectJoinRequest {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(callerId, "callerId");
  }
}

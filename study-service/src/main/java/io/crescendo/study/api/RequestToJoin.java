package io.crescendo.study.api;

import java.util.Objects;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The caller applies to join the study with a message (API-v1 §5.6.2). */
public record RequestToJoin(
    @TargetAggregateIdentifier UUID studyId, UUID userId, String requestMessage) {

  public RequestToJoin {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(userId, "userId");
  }
}

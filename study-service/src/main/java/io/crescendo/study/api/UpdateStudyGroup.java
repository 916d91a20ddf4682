package io.crescendo.study.api;

import java.util.Objects;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replaces every editable field (PUT, API-v1 §5.3.4); leader only. A null component of {@code
 * details} is missing, not kept.
 *
 * @param headImage the image change sent with the edit, or null to leave the image as it is
 */
public record UpdateStudyGroup(
    @TargetAggregateIdentifier UUID studyId,
    UUID callerId,
    StudyGroupDetails details,
    HeadImageChange headImage) {

  public UpdateStudyGroup {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(callerId, "callerId");
    Objects.requireNonNull(details, "details");
  }
}

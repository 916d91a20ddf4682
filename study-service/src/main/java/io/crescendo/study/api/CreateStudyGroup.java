package io.crescendo.study.api;

import java.util.Objects;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Opens a study group led by the caller (API-v1 §5.3.2).
 *
 * @param studyId the new study's id, chosen by the caller
 * @param leaderId the authenticated caller, who becomes the only leader
 * @param headImage stored name of an uploaded head image, or null for none
 */
public record CreateStudyGroup(
    @TargetAggregateIdentifier UUID studyId,
    UUID leaderId,
    StudyGroupDetails details,
    String headImage) {

  public CreateStudyGroup {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(leaderId, "leaderId");
    Objects.requireNonNull(details, "details");
  }
}

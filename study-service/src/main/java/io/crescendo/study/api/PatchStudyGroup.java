package io.crescendo.study.api;

import java.util.Objects;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Changes some editable fields (PATCH, API-v1 §5.3.5); leader only. Null components of {@code
 * changes} keep their value (all null: only the image changes); the rules are checked on the merged
 * result.
 *
 * @param headImage the image change sent with the edit, or null to leave the image as it is
 */
public record PatchStudyGroup(
    @TargetAggregateIdentifier UUID studyId,
    UUID callerId,
    StudyGroupDetails changes,
    HeadImageChange headImage) {

  public PatchStudyGroup {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(callerId, "callerId");
    Objects.requireNonNull(changes, "changes");
  }
}

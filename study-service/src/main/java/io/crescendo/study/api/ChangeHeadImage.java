package io.crescendo.study.api;

import java.util.Objects;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replaces or removes the head image alone; leader only. (An edit that sends an image together with
 * the other fields uses the {@code headImage} of {@link UpdateStudyGroup} or {@link
 * PatchStudyGroup}, so that both change together or not at all; those re-check every field and date
 * rule, this one does not.)
 */
public record ChangeHeadImage(
    @TargetAggregateIdentifier UUID studyId, UUID callerId, HeadImageChange headImage) {

  public ChangeHeadImage {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(callerId, "callerId");
    Objects.requireNonNull(headImage, "headImage");
  }
}

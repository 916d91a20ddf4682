package io.crescendo.study.api;

import java.util.UUID;

/**
 * Approving would exceed the member limit ({@code current_member_count ≥ member_limit}). 400 {@code
 * {"detail": ...}} (API-v1 §5.6.3, §8 #1).
 */
public class StudyGroupIsFull extends RuntimeException {

  private final UUID studyId;

  public StudyGroupIsFull(UUID studyId) {
    super("The study has reached its member limit.");
    this.studyId = studyId;
  }

  public UUID studyId() {
    return studyId;
  }
}

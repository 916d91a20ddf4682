package io.crescendo.study.api;

import java.util.UUID;

/**
 * The leader's own membership cannot be removed: a study always has its leader. 400 {@code
 * {"detail": ...}} (API-v1 §5.5.2, §8 #7).
 */
public class LeaderCannotBeRemoved extends RuntimeException {

  private final UUID studyId;

  public LeaderCannotBeRemoved(UUID studyId) {
    super("The leader cannot be removed from the study.");
    this.studyId = studyId;
  }

  public UUID studyId() {
    return studyId;
  }
}

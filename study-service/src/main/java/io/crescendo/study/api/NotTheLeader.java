package io.crescendo.study.api;

import java.util.UUID;

/** Only the study's leader may do this. 403 {@code {"detail": ...}}. */
public class NotTheLeader extends RuntimeException {

  private final UUID studyId;
  private final UUID userId;

  public NotTheLeader(UUID studyId, UUID userId) {
    super("Only the leader of this study may do this.");
    this.studyId = studyId;
    this.userId = userId;
  }

  public UUID studyId() {
    return studyId;
  }

  public UUID userId() {
    return userId;
  }
}

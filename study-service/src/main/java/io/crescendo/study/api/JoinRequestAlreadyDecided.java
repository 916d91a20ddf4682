package io.crescendo.study.api;

import java.util.UUID;

/** The request was already approved or rejected. 400 {@code {"detail": ...}} (API-v1 §5.6.3). */
public class JoinRequestAlreadyDecided extends RuntimeException {

  private final UUID studyId;
  private final long requestId;

  public JoinRequestAlreadyDecided(UUID studyId, long requestId) {
    super("This join request has already been decided.");
    this.studyId = studyId;
    this.requestId = requestId;
  }

  public UUID studyId() {
    return studyId;
  }

  public long requestId() {
    return requestId;
  }
}

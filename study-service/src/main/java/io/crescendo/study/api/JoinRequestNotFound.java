package io.crescendo.study.api;

import java.util.UUID;

/**
 * The request id is not a request of this study (approve), or not a pending one (reject). 404
 * {@code {"detail": ...}}.
 */
public class JoinRequestNotFound extends RuntimeException {

  private final UUID studyId;
  private final long requestId;

  public JoinRequestNotFound(UUID studyId, long requestId) {
    super("No such join request in this study.");
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

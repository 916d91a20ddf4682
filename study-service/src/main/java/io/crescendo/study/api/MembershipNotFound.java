package io.crescendo.study.api;

import java.util.UUID;

/** The membership id is not a membership of this study. 404 {@code {"detail": ...}}. */
public class MembershipNotFound extends RuntimeException {

  private final UUID studyId;
  private final long membershipId;

  public MembershipNotFound(UUID studyId, long membershipId) {
    super("No such member in this study.");
    this.studyId = studyId;
    this.membershipId = membershipId;
  }

  public UUID studyId() {
    return studyId;
  }

  public long membershipId() {
    return membershipId;
  }
}

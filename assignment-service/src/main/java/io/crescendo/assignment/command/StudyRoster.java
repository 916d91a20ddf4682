package io.crescendo.assignment.command;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/** What the command handlers know of studies: their leader, members and start date. */
public interface StudyRoster {

  /** Whether the study is known and not deleted, and {@code user} leads it. */
  boolean isLeader(UUID studyId, UUID user);

  /** Whether the study is known and not deleted, and {@code user} is a member (leader included). */
  boolean isMember(UUID studyId, UUID user);

  /** The first day of the study's activity (Asia/Seoul), empty for an unknown or deleted study. */
  Optional<LocalDate> startDate(UUID studyId);
}

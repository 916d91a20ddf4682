package io.crescendo.events.study;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The leader edited the study. Carries the complete editable state after the edit (every field
 * replaces the previous value; {@code categories} and {@code tags} replace the sets). The head
 * image changes only through {@link HeadImageChanged}; the leader never changes.
 *
 * <p>Field meanings as in {@link StudyGroupCreated}.
 */
public record StudyGroupUpdated(
    UUID studyId,
    String postTitle,
    String studyName,
    String postContent,
    List<String> categories,
    List<String> tags,
    int memberLimit,
    LocalDate startDate,
    LocalDate endDate,
    LocalDate deadline,
    Instant occurredAt)
    implements StudyGroupEvent {

  public StudyGroupUpdated {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(postTitle, "postTitle");
    Objects.requireNonNull(studyName, "studyName");
    Objects.requireNonNull(postContent, "postContent");
    categories = List.copyOf(categories);
    tags = List.copyOf(tags);
    Objects.requireNonNull(startDate, "startDate");
    Objects.requireNonNull(endDate, "endDate");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}

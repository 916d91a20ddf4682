package io.crescendo.events.study;

import io.crescendo.events.Nullable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A user opened a study group and became its only leader (and first member).
 *
 * @param leaderId the creator, who leads the study for its whole life
 * @param leaderMembershipId the leader's membership id (a positive integer, unique across studies);
 *     the membership was created at {@link #occurredAt()}
 * @param postContent the recruiting post, sanitized HTML
 * @param categories category names from {@link StudyCategories#ALL}, at least one, in that order
 * @param tags tag names, distinct, in the order given; possibly empty
 * @param memberLimit maximum number of members, leader included
 * @param startDate first day of the study's activity (Asia/Seoul calendar)
 * @param endDate last day of the study's activity
 * @param deadline last day to apply
 * @param headImage stored name of the uploaded head image, or null for none (the default picture)
 */
public record StudyGroupCreated(
    UUID studyId,
    UUID leaderId,
    long leaderMembershipId,
    String postTitle,
    String studyName,
    String postContent,
    List<String> categories,
    List<String> tags,
    int memberLimit,
    LocalDate startDate,
    LocalDate endDate,
    LocalDate deadline,
    @Nullable String headImage,
    Instant occurredAt)
    implements StudyGroupEvent {

  public StudyGroupCreated {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(leaderId, "leaderId");
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

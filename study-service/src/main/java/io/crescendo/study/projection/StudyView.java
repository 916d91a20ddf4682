package io.crescendo.study.projection;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * One study as study-service shows it (API-v1 §3, StudyListItem and StudyDetail without the derived
 * values and the leader's profile).
 *
 * @param headImage stored name of the uploaded image, or null for the default picture
 */
public record StudyView(
    UUID studyId,
    UUID leaderId,
    String postTitle,
    String studyName,
    String postContent,
    List<String> categories,
    List<String> tags,
    int memberLimit,
    int memberCount,
    LocalDate startDate,
    LocalDate endDate,
    LocalDate deadline,
    String headImage,
    Instant createdAt,
    Instant updatedAt) {

  /** API-v1 §1.5: past the deadline, or no room left. */
  public boolean isClosed(LocalDate today) {
    return today.isAfter(deadline) || memberCount >= memberLimit;
  }
}

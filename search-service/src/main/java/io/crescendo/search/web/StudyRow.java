package io.crescendo.search.web;

import io.r2dbc.spi.Readable;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A row of {@code search_study} with its leader, and its answer shapes (API-v1 §3). */
record StudyRow(
    UUID id,
    UUID leaderId,
    String leaderEmail,
    String leaderUsername,
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
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

  static final String COLUMNS =
      """
      s.study_id, s.leader_id, u.email as leader_email, u.username as leader_username,
      s.post_title, s.study_name, s.post_content, s.categories, s.tags, s.member_limit,
      s.member_count, s.start_date, s.end_date, s.deadline, s.head_image, s.created_at,
      s.updated_at
      """;

  static final String FROM =
      " from search_study s left join search_user u on u.user_id = s.leader_id ";

  static StudyRow of(Readable row) {
    return new StudyRow(
        row.get("study_id", UUID.class),
        row.get("leader_id", UUID.class),
        row.get("leader_email", String.class),
        row.get("leader_username", String.class),
        row.get("post_title", String.class),
        row.get("study_name", String.class),
        row.get("post_content", String.class),
        List.of(row.get("categories", String[].class)),
        List.of(row.get("tags", String[].class)),
        row.get("member_limit", Integer.class),
        row.get("member_count", Integer.class),
        row.get("start_date", LocalDate.class),
        row.get("end_date", LocalDate.class),
        row.get("deadline", LocalDate.class),
        row.get("head_image", String.class),
        row.get("created_at", OffsetDateTime.class),
        row.get("updated_at", OffsetDateTime.class));
  }

  /** The value of each sort column, for cursors. */
  Object keyOf(String column) {
    return switch (column) {
      case "created_at" -> createdAt;
      case "deadline" -> deadline;
      default -> id;
    };
  }

  Map<String, Object> listItem(String origin, LocalDate today) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("uuid", id.toString());
    item.put("head_image", headImageUrl(origin, id, headImage));
    Map<String, Object> leader = new LinkedHashMap<>();
    leader.put("uuid", leaderId.toString());
    leader.put("email", leaderEmail == null ? "" : leaderEmail);
    leader.put("username", leaderUsername == null ? "" : leaderUsername);
    item.put("leaders", List.of(leader));
    item.put("post_title", postTitle);
    item.put("study_name", studyName);
    item.put("until_deadline", untilDeadline(today, deadline));
    item.put("is_closed", isClosed(today, deadline, memberCount, memberLimit));
    item.put("tags", tags);
    item.put("categories", categories);
    item.put("current_member_count", memberCount);
    item.put("member_limit", memberLimit);
    return item;
  }

  Map<String, Object> detail(String origin, LocalDate today) {
    Map<String, Object> item = listItem(origin, today);
    item.put("post_content", postContent);
    item.put("created_at", datetime(createdAt));
    item.put("updated_at", datetime(updatedAt));
    item.put("start_date", startDate.toString());
    item.put("end_date", endDate.toString());
    item.put("deadline", deadline.toString());
    return item;
  }

  /** The uploaded image, else the default picture (API-v1 §3). */
  static String headImageUrl(String origin, UUID id, String headImage) {
    return headImage == null
        ? "https://picsum.photos/seed/" + id + "/1080"
        : origin + "/media/study-images/" + headImage;
  }

  /** API-v1 §1.5: days from today to the deadline (0 on the deadline day, negative after). */
  static long untilDeadline(LocalDate today, LocalDate deadline) {
    return ChronoUnit.DAYS.between(today, deadline);
  }

  /** API-v1 §1.5: past the deadline, or full. */
  static boolean isClosed(LocalDate today, LocalDate deadline, int memberCount, int memberLimit) {
    return today.isAfter(deadline) || memberCount >= memberLimit;
  }

  static String datetime(OffsetDateTime time) {
    return time.atZoneSameInstant(SEOUL).format(DATETIME);
  }
}

package io.crescendo.study.web;

import io.crescendo.study.projection.StudyView;
import io.crescendo.study.users.StudyUser;
import io.crescendo.study.users.UserDirectory;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The study shapes of API-v1 §3: StudyListItem and StudyDetail, with the derived values of §1.5
 * judged on today's date in Asia/Seoul and datetimes in Seoul's offset.
 */
@Component
class StudyResponses {

  static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  static final String IMAGE_PATH = "/media/study-images/";

  private final UserDirectory users;
  private final Clock clock;

  StudyResponses(UserDirectory users, Clock clock) {
    this.users = users;
    this.clock = clock;
  }

  /** StudyListItem (blocking: reads the leader's profile). */
  Map<String, Object> listItem(StudyView study, String origin) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), SEOUL);
    StudyUser leader =
        users.find(study.leaderId()).orElseGet(() -> new StudyUser(study.leaderId(), "", ""));
    Map<String, Object> leaderBody = new LinkedHashMap<>();
    leaderBody.put("uuid", leader.id().toString());
    leaderBody.put("email", leader.email());
    leaderBody.put("username", leader.username());

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("uuid", study.studyId().toString());
    body.put("head_image", headImage(study, origin));
    body.put("leaders", List.of(leaderBody));
    body.put("post_title", study.postTitle());
    body.put("study_name", study.studyName());
    body.put("until_deadline", ChronoUnit.DAYS.between(today, study.deadline()));
    body.put("is_closed", study.isClosed(today));
    body.put("tags", study.tags());
    body.put("categories", study.categories());
    body.put("current_member_count", study.memberCount());
    body.put("member_limit", study.memberLimit());
    return body;
  }

  /** StudyDetail (blocking). */
  Map<String, Object> detail(StudyView study, String origin) {
    Map<String, Object> body = listItem(study, origin);
    body.put("post_content", study.postContent());
    body.put("created_at", dateTime(study.createdAt()));
    body.put("updated_at", dateTime(study.updatedAt()));
    body.put("start_date", study.startDate().toString());
    body.put("end_date", study.endDate().toString());
    body.put("deadline", study.deadline().toString());
    return body;
  }

  static String headImage(StudyView study, String origin) {
    return study.headImage() == null
        ? "https://picsum.photos/seed/" + study.studyId() + "/1080"
        : origin + IMAGE_PATH + study.headImage();
  }

  private static String dateTime(Instant instant) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
        instant.truncatedTo(ChronoUnit.MICROS).atZone(SEOUL));
  }
}

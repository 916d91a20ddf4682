package io.crescendo.search.web;

import io.crescendo.web.error.ValidationException;
import io.crescendo.web.security.CurrentUser;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The caller's studies (API-v1 §5.2.4, with the §8 #4 and #5 fixes): pages of 8 MyStudyItem, newest
 * first, by {@code filter}; "today" is the service clock's date in Asia/Seoul. Anonymous → 401,
 * unknown filter → 400, bad cursor → 404.
 */
@RestController
class MyStudiesController {

  static final int PAGE_SIZE = 8;

  /** The study list's default order: newest first, the study id breaking ties. */
  static final Keyset NEWEST_FIRST = StudyOrdering.parse(null, null).keyset();

  private static final String MEMBER =
      "exists (select 1 from search_membership m"
          + " where m.study_id = s.study_id and m.user_id = :me%s)";
  private static final String REQUEST =
      "exists (select 1 from search_join_request r"
          + " where r.study_id = s.study_id and r.user_id = :me and r.status = '%s')";

  /** The condition of each filter value; absent or empty: every study the caller is a member of. */
  private static final Map<String, String> FILTERS =
      Map.of(
          "",
          MEMBER.formatted(""),
          "current",
          MEMBER.formatted(" and not m.is_leader")
              + " and s.start_date <= :today and :today <= s.end_date",
          "requested",
          REQUEST.formatted("PENDING")
              + " and :today <= s.deadline and s.member_count < s.member_limit",
          "approved",
          MEMBER.formatted(" and not m.is_leader") + " and :today <= s.start_date",
          "disapproved",
          REQUEST.formatted("REJECTED"),
          "as_leader",
          "s.leader_id = :me");

  private static final String COLUMNS =
      """
      select s.study_id, s.study_name, s.categories, s.start_date, s.end_date, s.deadline,
             s.head_image, s.created_at, s.member_count, s.member_limit
        from search_study s
      """;

  private final DatabaseClient db;
  private final Clock clock;

  MyStudiesController(DatabaseClient db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @GetMapping("/api/v1/auth/profiles/me/studies")
  Mono<Map<String, Object>> myStudies(CurrentUser caller, ServerHttpRequest request) {
    String filter = StudyQuery.last(request.getQueryParams(), "filter");
    String condition = FILTERS.get(filter == null ? "" : filter);
    if (condition == null) {
      throw ValidationException.of(
          "filter",
          "Select a valid choice: current, requested, approved, disapproved or as_leader.");
    }
    Cursor cursor = NEWEST_FIRST.decode(StudyQuery.last(request.getQueryParams(), "cursor"));
    LocalDate today = Requests.today(clock);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("me", caller.id());
    if (condition.contains(":today")) {
      params.put("today", today);
    }
    return KeysetPage.read(
        db,
        request,
        NEWEST_FIRST,
        cursor,
        PAGE_SIZE,
        COLUMNS,
        List.of(condition),
        params,
        (row, origin) -> item(row, origin, today));
  }

  /** MyStudyItem (API-v1 §3): {@code name}, no {@code member_limit}, {@code created_at} a date. */
  private static Map<String, Object> item(Readable row, String origin, LocalDate today) {
    UUID id = row.get("study_id", UUID.class);
    LocalDate deadline = row.get("deadline", LocalDate.class);
    int count = row.get("member_count", Integer.class);
    int limit = row.get("member_limit", Integer.class);
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("uuid", id.toString());
    item.put("head_image", StudyRow.headImageUrl(origin, id, row.get("head_image", String.class)));
    item.put("name", row.get("study_name", String.class));
    item.put("categories", List.of(row.get("categories", String[].class)));
    item.put("start_date", row.get("start_date", LocalDate.class).toString());
    item.put("end_date", row.get("end_date", LocalDate.class).toString());
    item.put("deadline", deadline.toString());
    item.put(
        "created_at",
        row.get("created_at", OffsetDateTime.class)
            .atZoneSameInstant(StudyRow.SEOUL)
            .toLocalDate()
            .toString());
    item.put("until_deadline", StudyRow.untilDeadline(today, deadline));
    item.put("is_closed", StudyRow.isClosed(today, deadline, count, limit));
    item.put("current_member_count", count);
    return item;
  }
}

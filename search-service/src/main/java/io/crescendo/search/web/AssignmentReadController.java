package io.crescendo.search.web;

import io.crescendo.web.error.ValidationException;
import io.crescendo.web.security.CurrentUser;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Assignments (API-v1 §5.7.1 public, §5.7.3 member) and their submissions (§5.8.1, §5.8.3 member).
 * Order of checks: bad token 401 (security chain) → unknown or malformed study 404 → no token 401 →
 * not a member 403 ({@link StudyAccess}) → assignment not of the study, submission not of the
 * assignment, or a malformed id 404 → {@code truncate} 400 → bad cursor 404.
 */
@RestController
@RequestMapping("/api/v1/studygroup/studies/{study}/assignments")
class AssignmentReadController {

  static final int PAGE_SIZE = 5;
  static final int DEFAULT_TRUNCATE = 20;
  static final int MAX_TRUNCATE = 150;
  private static final Pattern TRUNCATE = Pattern.compile("[0-9]{1,9}");

  /** Newest first; the id (descending, ids grow) breaks ties. */
  static final Keyset ASSIGNMENTS =
      new Keyset(
          "a",
          List.of(
              Keyset.descending("created_at", OffsetDateTime.class),
              Keyset.descending("assignment_id", Long.class)));

  static final Keyset SUBMISSIONS =
      new Keyset(
          "s",
          List.of(
              Keyset.descending("created_at", OffsetDateTime.class),
              Keyset.descending("submission_id", Long.class)));

  private static final String ASSIGNMENT_COLUMNS =
      "select a.assignment_id, a.title, a.content, a.created_at, a.updated_at, "
          + Profiles.columns("a.author_id", "a.created_at")
          + " from search_assignment a"
          + Profiles.join("a.author_id");

  private static final String SUBMISSION_COLUMNS =
      "select s.submission_id, s.title, s.content, s.created_at, s.updated_at, "
          + Profiles.columns("s.author_id", "s.created_at")
          + " from search_submission s"
          + Profiles.join("s.author_id");

  private final DatabaseClient db;
  private final StudyAccess access;

  AssignmentReadController(DatabaseClient db, StudyAccess access) {
    this.db = db;
    this.access = access;
  }

  /**
   * §5.7.1: pages of 5, newest first; members read the first {@code truncate} characters of the
   * content ({@code ...} appended only when it is longer), anyone else an empty content.
   */
  @GetMapping
  Mono<Map<String, Object>> assignments(
      @PathVariable String study, Optional<CurrentUser> caller, ServerHttpRequest request) {
    return access
        .role(study, caller)
        .flatMap(
            role -> {
              int truncate = truncate(StudyQuery.last(request.getQueryParams(), "truncate"));
              Cursor cursor =
                  ASSIGNMENTS.decode(StudyQuery.last(request.getQueryParams(), "cursor"));
              return KeysetPage.read(
                  db,
                  request,
                  ASSIGNMENTS,
                  cursor,
                  PAGE_SIZE,
                  ASSIGNMENT_COLUMNS,
                  List.of("a.study_id = :study"),
                  Map.of("study", role.study()),
                  (row, origin) -> assignment(row, role.member() ? truncated(row, truncate) : ""));
            });
  }

  /** §5.7.3: the assignment with its whole content. */
  @GetMapping("/{assignment}")
  Mono<Map<String, Object>> assignment(
      @PathVariable String study, @PathVariable String assignment, Optional<CurrentUser> caller) {
    return access
        .member(study, caller)
        .flatMap(
            id ->
                db.sql(
                        ASSIGNMENT_COLUMNS
                            + " where a.assignment_id = :assignment and a.study_id = :study")
                    .bind("assignment", Requests.id(assignment))
                    .bind("study", id)
                    .map(row -> assignment(row, row.get("content", String.class)))
                    .one()
                    .switchIfEmpty(Mono.error(Requests::notFound)));
  }

  /** §5.8.1: the submissions of this assignment only, pages of 5, newest first. */
  @GetMapping("/{assignment}/submissions")
  Mono<Map<String, Object>> submissions(
      @PathVariable String study,
      @PathVariable String assignment,
      Optional<CurrentUser> caller,
      ServerHttpRequest request) {
    return ofStudy(study, assignment, caller)
        .flatMap(
            id -> {
              Cursor cursor =
                  SUBMISSIONS.decode(StudyQuery.last(request.getQueryParams(), "cursor"));
              return KeysetPage.read(
                  db,
                  request,
                  SUBMISSIONS,
                  cursor,
                  PAGE_SIZE,
                  SUBMISSION_COLUMNS,
                  List.of("s.assignment_id = :assignment"),
                  Map.of("assignment", id),
                  (row, origin) -> submission(row));
            });
  }

  /** §5.8.3: the submission, if it answers this assignment of this study. */
  @GetMapping("/{assignment}/submissions/{submission}")
  Mono<Map<String, Object>> submission(
      @PathVariable String study,
      @PathVariable String assignment,
      @PathVariable String submission,
      Optional<CurrentUser> caller) {
    return ofStudy(study, assignment, caller)
        .flatMap(
            id ->
                db.sql(
                        SUBMISSION_COLUMNS
                            + " where s.submission_id = :submission and s.assignment_id = :assignment")
                    .bind("submission", Requests.id(submission))
                    .bind("assignment", id)
                    .map(
                        row -> {
                          Map<String, Object> detail = submission(row);
                          detail.put("content", row.get("content", String.class));
                          return detail;
                        })
                    .one()
                    .switchIfEmpty(Mono.error(Requests::notFound)));
  }

  /** The assignment id, once the caller is a member and the assignment is one of the study's. */
  private Mono<Long> ofStudy(String study, String assignment, Optional<CurrentUser> caller) {
    return access
        .member(study, caller)
        .flatMap(
            id -> {
              long assignmentId = Requests.id(assignment);
              return db.sql(
                      "select 1 from search_assignment"
                          + " where assignment_id = :assignment and study_id = :study")
                  .bind("assignment", assignmentId)
                  .bind("study", id)
                  .map(row -> assignmentId)
                  .one()
                  .switchIfEmpty(Mono.error(Requests::notFound));
            });
  }

  /** {@code truncate}: an integer 0–150, default 20 (API-v1 §5.7.1); else 400. */
  static int truncate(String raw) {
    if (raw == null) {
      return DEFAULT_TRUNCATE;
    }
    if (!TRUNCATE.matcher(raw).matches() || Integer.parseInt(raw) > MAX_TRUNCATE) {
      throw ValidationException.of(
          "truncate", "Ensure this value is an integer between 0 and " + MAX_TRUNCATE + ".");
    }
    return Integer.parseInt(raw);
  }

  /** The first {@code length} characters (code points), then {@code ...} if there was more. */
  static String truncate(String content, int length) {
    if (content.codePointCount(0, content.length()) <= length) {
      return content;
    }
    return content.substring(0, content.offsetByCodePoints(0, length)) + "...";
  }

  private static String truncated(Readable row, int length) {
    return truncate(row.get("content", String.class), length);
  }

  private static Map<String, Object> assignment(Readable row, String content) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("id", row.get("assignment_id", Long.class));
    item.put("author", Profiles.of(row));
    item.put("title", row.get("title", String.class));
    item.put("content", content);
    item.put("created_at", StudyRow.datetime(row.get("created_at", OffsetDateTime.class)));
    item.put("updated_at", StudyRow.datetime(row.get("updated_at", OffsetDateTime.class)));
    return item;
  }

  private static Map<String, Object> submission(Readable row) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("id", row.get("submission_id", Long.class));
    item.put("author", Profiles.of(row));
    item.put("title", row.get("title", String.class));
    item.put("created_at", StudyRow.datetime(row.get("created_at", OffsetDateTime.class)));
    item.put("updated_at", StudyRow.datetime(row.get("updated_at", OffsetDateTime.class)));
    return item;
  }
}

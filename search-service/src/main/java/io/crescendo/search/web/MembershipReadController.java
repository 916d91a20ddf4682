package io.crescendo.search.web;

import io.crescendo.web.security.CurrentUser;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Members (API-v1 §5.5.1, member) and pending join requests (§5.6.1, leader), in the contract's
 * order of checks: bad token 401 (security chain) → unknown or malformed study 404 → no token 401 →
 * missing role 403.
 */
@RestController
@RequestMapping("/api/v1/studygroup/studies/{study}")
class MembershipReadController {

  private static final Pattern CANONICAL_UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** A user not (yet) in the users view is shown with empty texts, never with nulls. */
  private static final String PROFILE =
      """
      coalesce(u.email, '') as email, coalesce(u.username, '') as username,
      coalesce(u.created_at, %1$s) as user_created_at,
      coalesce(u.updated_at, %1$s) as user_updated_at
      """;

  private final DatabaseClient db;

  MembershipReadController(DatabaseClient db) {
    this.db = db;
  }

  @GetMapping("/members")
  Mono<List<Map<String, Object>>> members(
      @PathVariable String study, Optional<CurrentUser> caller) {
    return access(study, caller, false)
        .flatMap(
            id ->
                db.sql(
                        "select m.membership_id, m.user_id, m.is_leader, m.joined_at, "
                            + PROFILE.formatted("m.joined_at")
                            + " from search_membership m"
                            + " left join search_user u on u.user_id = m.user_id"
                            + " where m.study_id = :id"
                            + " order by m.is_leader desc, m.joined_at, m.membership_id")
                    .bind("id", id)
                    .map(
                        row -> {
                          Map<String, Object> member = new LinkedHashMap<>();
                          member.put("id", row.get("membership_id", Long.class));
                          member.put("user", profile(row));
                          member.put("is_leader", row.get("is_leader", Boolean.class));
                          member.put(
                              "created_at",
                              StudyRow.datetime(row.get("joined_at", OffsetDateTime.class)));
                          return member;
                        })
                    .all()
                    .collectList());
  }

  @GetMapping("/requests")
  Mono<List<Map<String, Object>>> requests(
      @PathVariable String study, Optional<CurrentUser> caller) {
    return access(study, caller, true)
        .flatMap(
            id ->
                db.sql(
                        "select r.request_id, r.user_id, r.request_message, "
                            + PROFILE.formatted("r.requested_at")
                            + " from search_join_request r"
                            + " left join search_user u on u.user_id = r.user_id"
                            + " where r.study_id = :id and r.status = 'PENDING'"
                            + " order by r.requested_at, r.request_id")
                    .bind("id", id)
                    .map(
                        row -> {
                          Map<String, Object> request = new LinkedHashMap<>();
                          request.put("id", row.get("request_id", Long.class));
                          request.put("user", profile(row));
                          request.put("request_message", row.get("request_message", String.class));
                          return request;
                        })
                    .all()
                    .collectList());
  }

  private Mono<UUID> access(String study, Optional<CurrentUser> caller, boolean leaderOnly) {
    if (!CANONICAL_UUID.matcher(study).matches()) {
      return Mono.error(notFound());
    }
    UUID id = UUID.fromString(study);
    return db.sql("select leader_id from search_study where study_id = :id")
        .bind("id", id)
        .map(row -> row.get("leader_id", UUID.class))
        .one()
        .switchIfEmpty(Mono.error(notFound()))
        .flatMap(
            leader -> {
              if (caller.isEmpty()) {
                return Mono.error(new AccessDeniedException("Not authenticated"));
              }
              UUID user = caller.get().id();
              if (leaderOnly) {
                return leader.equals(user)
                    ? Mono.just(id)
                    : Mono.error(
                        new AccessDeniedException("Only the leader of this study may do this."));
              }
              return db.sql(
                      "select 1 from search_membership where study_id = :id and user_id = :user")
                  .bind("id", id)
                  .bind("user", user)
                  .map(row -> id)
                  .first()
                  .switchIfEmpty(
                      Mono.error(
                          new AccessDeniedException("Only members of this study may do this.")));
            });
  }

  private static Map<String, Object> profile(Readable row) {
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("uuid", row.get("user_id", UUID.class).toString());
    profile.put("email", row.get("email", String.class));
    profile.put("username", row.get("username", String.class));
    profile.put("created_at", StudyRow.datetime(row.get("user_created_at", OffsetDateTime.class)));
    profile.put("updated_at", StudyRow.datetime(row.get("user_updated_at", OffsetDateTime.class)));
    return profile;
  }

  private static ResponseStatusException notFound() {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "Not found.");
  }
}

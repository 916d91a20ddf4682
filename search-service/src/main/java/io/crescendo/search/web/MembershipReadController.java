package io.crescendo.search.web;

import io.crescendo.web.security.CurrentUser;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Members (API-v1 §5.5.1, member) and pending join requests (§5.6.1, leader), in the contract's
 * order of checks ({@link StudyAccess}).
 */
@RestController
@RequestMapping("/api/v1/studygroup/studies/{study}")
class MembershipReadController {

  private final DatabaseClient db;
  private final StudyAccess access;

  MembershipReadController(DatabaseClient db, StudyAccess access) {
    this.db = db;
    this.access = access;
  }

  @GetMapping("/members")
  Mono<List<Map<String, Object>>> members(
      @PathVariable String study, Optional<CurrentUser> caller) {
    return access
        .member(study, caller)
        .flatMap(
            id ->
                db.sql(
                        "select m.membership_id, m.is_leader, m.joined_at, "
                            + Profiles.columns("m.user_id", "m.joined_at")
                            + " from search_membership m"
                            + Profiles.join("m.user_id")
                            + " where m.study_id = :id"
                            + " order by m.is_leader desc, m.joined_at, m.membership_id")
                    .bind("id", id)
                    .map(
                        row -> {
                          Map<String, Object> member = new LinkedHashMap<>();
                          member.put("id", row.get("membership_id", Long.class));
                          member.put("user", Profiles.of(row));
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
    return access
        .leader(study, caller)
        .flatMap(
            id ->
                db.sql(
                        "select r.request_id, r.request_message, "
                            + Profiles.columns("r.user_id", "r.requested_at")
                            + " from search_join_request r"
                            + Profiles.join("r.user_id")
                            + " where r.study_id = :id and r.status = 'PENDING'"
                            + " order by r.requested_at, r.request_id")
                    .bind("id", id)
                    .map(
                        row -> {
                          Map<String, Object> request = new LinkedHashMap<>();
                          request.put("id", row.get("request_id", Long.class));
                          request.put("user", Profiles.of(row));
                          request.put("request_message", row.get("request_message", String.class));
                          return request;
                        })
                    .all()
                    .collectList());
  }
}

package io.crescendo.search.web;

import io.crescendo.web.security.CurrentUser;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The first checks of the routes under a study, in the contract's order (API-v1 §1.3): a bad token
 * was refused by the security chain (401) → unknown or malformed study 404 → role needed and no
 * token 401 → role missing 403. Nested objects (404) and the query (400) are the routes' own.
 */
@Component
class StudyAccess {

  /** Never a user's id: stands for the anonymous caller in the role query. */
  private static final UUID NOBODY = new UUID(0, 0);

  private final DatabaseClient db;

  StudyAccess(DatabaseClient db) {
    this.db = db;
  }

  /** The caller's relation to an existing study. */
  record Role(UUID study, boolean member, boolean leader) {}

  /** For public routes: 404 for an unknown study, else whether the caller (if any) is a member. */
  Mono<Role> role(String study, Optional<CurrentUser> caller) {
    if (!Requests.isStudyId(study)) {
      return Mono.error(Requests.notFound());
    }
    UUID id = UUID.fromString(study);
    UUID user = caller.map(CurrentUser::id).orElse(NOBODY);
    return db.sql(
            """
            select s.leader_id = :user as leader,
                   exists (select 1 from search_membership m
                            where m.study_id = s.study_id and m.user_id = :user) as member
              from search_study s where s.study_id = :id
            """)
        .bind("id", id)
        .bind("user", user)
        .map(
            row ->
                new Role(
                    id,
                    Boolean.TRUE.equals(row.get("member", Boolean.class)),
                    Boolean.TRUE.equals(row.get("leader", Boolean.class))))
        .one()
        .switchIfEmpty(Mono.error(Requests::notFound));
  }

  /** The study, if the caller is one of its members (the leader included). */
  Mono<UUID> member(String study, Optional<CurrentUser> caller) {
    return role(study, caller)
        .flatMap(
            role -> {
              if (caller.isEmpty()) {
                return Mono.error(new AccessDeniedException("Not authenticated"));
              }
              return role.member()
                  ? Mono.just(role.study())
                  : Mono.error(
                      new AccessDeniedException("Only members of this study may do this."));
            });
  }

  /** The study, if the caller is its leader. */
  Mono<UUID> leader(String study, Optional<CurrentUser> caller) {
    return role(study, caller)
        .flatMap(
            role -> {
              if (caller.isEmpty()) {
                return Mono.error(new AccessDeniedException("Not authenticated"));
              }
              return role.leader()
                  ? Mono.just(role.study())
                  : Mono.error(
                      new AccessDeniedException("Only the leader of this study may do this."));
            });
  }
}

package io.crescendo.search.projection;

import static io.crescendo.search.projection.Projections.time;

import io.crescendo.events.identity.IdentityEvent;
import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code search_user} from the identity events, and what an account deletion takes along in the
 * other read models.
 */
final class UserProjection {

  private final JdbcClient jdbc;
  private final Tombstones tombstones;
  private final StudyProjection studies;
  private final AssignmentProjection assignments;

  UserProjection(
      JdbcClient jdbc,
      Tombstones tombstones,
      StudyProjection studies,
      AssignmentProjection assignments) {
    this.jdbc = jdbc;
    this.tombstones = tombstones;
    this.studies = studies;
    this.assignments = assignments;
  }

  void apply(IdentityEvent event) {
    switch (event) {
      case UserRegistered e -> {
        if (tombstones.isUser(e.userId())) {
          return; // a replay of an old history
        }
        jdbc.sql(
                """
                insert into search_user (user_id, email, username, created_at, updated_at)
                values (:id, :email, :username, :at, :at)
                on conflict (user_id) do update
                   set email = excluded.email, username = excluded.username,
                       updated_at = excluded.updated_at
                """)
            .param("id", e.userId())
            .param("email", e.email())
            .param("username", e.username())
            .param("at", time(e.occurredAt()))
            .update();
      }
      case UsernameChanged e ->
          jdbc.sql(
                  "update search_user set username = :username, updated_at = :at where user_id = :id")
              .param("id", e.userId())
              .param("username", e.username())
              .param("at", time(e.occurredAt()))
              .update();
      case UserDeleted e -> deleted(e);
    }
  }

  /**
   * The read models at once as they will be after the cascades (API-v1 §5.2.3): study-service
   * deletes the studies the user led (with their members and requests) and ends their memberships
   * and pending requests elsewhere; assignment-service deletes those studies' assignments and
   * submissions and the user's submissions. The cascades' own events then find nothing left to do,
   * and the user's events still on their way on other topics are not applied ({@link Tombstones}).
   * Decided (approved or rejected) requests of the user go too: they only ever showed in the user's
   * own lists.
   */
  private void deleted(UserDeleted e) {
    UUID user = e.userId();
    tombstones.buryUser(user, time(e.occurredAt()));
    // the studies the user led: known from the study, or from an assignment (only leaders post)
    List<UUID> led =
        jdbc.sql(
                """
                select study_id from search_study where leader_id = :id
                union
                select study_id from search_assignment where author_id = :id
                order by 1
                """)
            .param("id", user)
            .query(UUID.class)
            .list();
    led.forEach(tombstones::buryStudy);
    jdbc.sql("delete from search_user where user_id = :id").param("id", user).update();
    // in one order: concurrent deletions (a rebuild's workers) then update counts without deadlock
    List<UUID> joined =
        jdbc.sql("select distinct study_id from search_membership where user_id = :id order by 1")
            .param("id", user)
            .query(UUID.class)
            .list();
    jdbc.sql("delete from search_membership where user_id = :id").param("id", user).update();
    jdbc.sql("delete from search_join_request where user_id = :id").param("id", user).update();
    joined.forEach(studies::countMembers);
    assignments.deleteSubmissionsBy(user);
  }
}

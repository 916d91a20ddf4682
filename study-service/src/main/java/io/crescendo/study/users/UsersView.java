package io.crescendo.study.users;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The users study-service knows ({@code study_user}) and those it saw deleted ({@code
 * study_deleted_user}), fed from {@code crescendo.identity.user.v1}. Every write is idempotent, so
 * a redelivered event changes nothing.
 */
@Component
public class UsersView {

  private final JdbcClient jdbc;

  UsersView(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<StudyUser> find(UUID userId) {
    return jdbc.sql("select user_id, email, username from study_user where user_id = ?")
        .param(userId)
        .query(
            (rs, n) ->
                new StudyUser(
                    rs.getObject("user_id", UUID.class),
                    rs.getString("email"),
                    rs.getString("username")))
        .optional();
  }

  /** A registered user (again: a redelivery overwrites with the same values). */
  public void register(UUID userId, String email, String username) {
    jdbc.sql(
            """
            insert into study_user (user_id, email, username) values (?, ?, ?)
            on conflict (user_id) do update set email = excluded.email, username = excluded.username
            """)
        .params(userId, email, username)
        .update();
  }

  public void rename(UUID userId, String username) {
    jdbc.sql("update study_user set username = ? where user_id = ?")
        .params(username, userId)
        .update();
  }

  /**
   * Removes a deleted user and remembers the deletion, in the caller's transaction; a redelivery
   * keeps the first {@code deletedAt}.
   */
  public void remove(UUID userId, Instant deletedAt) {
    jdbc.sql(
            """
            insert into study_deleted_user (user_id, deleted_at) values (?, ?)
            on conflict (user_id) do nothing
            """)
        .params(userId, OffsetDateTime.ofInstant(deletedAt, ZoneOffset.UTC))
        .update();
    jdbc.sql("delete from study_user where user_id = ?").param(userId).update();
  }

  /** Whether the user's {@code UserDeleted} was applied. */
  public boolean isDeleted(UUID userId) {
    return jdbc.sql("select exists (select 1 from study_deleted_user where user_id = ?)")
        .param(userId)
        .query(Boolean.class)
        .single();
  }
}

package io.crescendo.identity.projection;

import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.identity.api.PasswordSet;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code user_account} in step with the User events. Its processing group is subscribing
 * (application.yml), so it writes in the command's own transaction: login and profile reads see a
 * write as soon as the command returns.
 */
@Component
@ProcessingGroup(UserAccountProjection.PROCESSING_GROUP)
class UserAccountProjection {

  static final String PROCESSING_GROUP = "user-accounts";

  private final JdbcClient jdbc;

  UserAccountProjection(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @EventHandler
  void on(UserRegistered event) {
    Timestamp at = Timestamp.from(event.occurredAt());
    jdbc.sql(
            """
            insert into user_account (user_id, email, username, created_at, updated_at)
            values (?, ?, ?, ?, ?)
            """)
        .params(event.userId(), event.email(), event.username(), at, at)
        .update();
  }

  @EventHandler
  void on(PasswordSet event) {
    jdbc.sql("update user_account set password_hash = ? where user_id = ?")
        .params(event.passwordHash(), event.userId())
        .update();
  }

  @EventHandler
  void on(UsernameChanged event) {
    jdbc.sql("update user_account set username = ?, updated_at = ? where user_id = ?")
        .params(event.username(), Timestamp.from(event.occurredAt()), event.userId())
        .update();
  }

  @EventHandler
  void on(UserDeleted event) {
    jdbc.sql("delete from user_account where user_id = ?").param(event.userId()).update();
  }
}

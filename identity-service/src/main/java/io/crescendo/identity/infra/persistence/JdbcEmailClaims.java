package io.crescendo.identity.infra.persistence;

import io.crescendo.identity.command.EmailClaims;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Claims live in {@code user_email_claim}; the primary key makes the rule hold under races. */
@Component
class JdbcEmailClaims implements EmailClaims {

  private final JdbcClient jdbc;

  JdbcEmailClaims(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean claim(String email, UUID userId) {
    // ON CONFLICT keeps the surrounding transaction usable when the e-mail is taken.
    return jdbc.sql(
                "insert into user_email_claim (email, user_id) values (?, ?) on conflict do nothing")
            .params(email, userId)
            .update()
        == 1;
  }

  @Override
  public void release(UUID userId) {
    jdbc.sql("delete from user_email_claim where user_id = ?").param(userId).update();
  }
}

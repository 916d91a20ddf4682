package io.crescendo.identity.projection;

import io.crescendo.identity.infra.security.AccountStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Reads of {@code user_account}; JDBC runs on the bounded-elastic pool, never the event loop. */
@Repository
public class UserAccounts implements AccountStatus {

  private static final String COLUMNS =
      "user_id, email, username, password_hash, created_at, updated_at";

  private final JdbcClient jdbc;

  UserAccounts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Mono<UserAccount> findById(UUID userId) {
    return blocking(
        () ->
            jdbc.sql("select " + COLUMNS + " from user_account where user_id = ?")
                .param(userId)
                .query(UserAccounts::map)
                .optional());
  }

  public Mono<UserAccount> findByEmail(String email) {
    return blocking(
        () ->
            jdbc.sql("select " + COLUMNS + " from user_account where email = ?")
                .param(email.strip().toLowerCase(Locale.ROOT))
                .query(UserAccounts::map)
                .optional());
  }

  @Override
  public Mono<Boolean> isActive(UUID userId) {
    return findById(userId).hasElement();
  }

  private static Mono<UserAccount> blocking(
      java.util.function.Supplier<Optional<UserAccount>> query) {
    return Mono.fromCallable(() -> query.get().orElse(null))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private static UserAccount map(ResultSet rs, int row) throws SQLException {
    return new UserAccount(
        rs.getObject("user_id", UUID.class),
        rs.getString("email"),
        rs.getString("username"),
        rs.getString("password_hash"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}

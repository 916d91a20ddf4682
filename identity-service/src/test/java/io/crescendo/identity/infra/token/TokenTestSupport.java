package io.crescendo.identity.infra.token;

import io.crescendo.identity.infra.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Duration;

/** Builds token components outside Spring. */
public final class TokenTestSupport {

  public static final String ISSUER = "https://api.crescendo.test";
  public static final String AUDIENCE = "crescendo-api";

  private TokenTestSupport() {}

  public static TokenProperties properties() {
    return new TokenProperties(
        ISSUER,
        AUDIENCE,
        Duration.ofMinutes(30),
        Duration.ofDays(7),
        Duration.ofSeconds(10),
        Duration.ofDays(30),
        Duration.ofMinutes(10),
        Duration.ofSeconds(30));
  }

  /** Signing keys kept in memory, initialised (one current key). */
  public static SigningKeys inMemorySigningKeys(TokenProperties properties, Clock clock) {
    SigningKeys keys =
        new SigningKeys(new InMemorySigningKeyStore(), properties, clock, Duration.ZERO);
    keys.afterSingletonsInstantiated();
    return keys;
  }

  /** Signing keys in the test database, not yet initialised; reload on every unknown kid. */
  public static SigningKeys jdbcSigningKeys(
      TestDatabase db, TokenProperties properties, Clock clock) {
    return new SigningKeys(
        new JdbcSigningKeyStore(db.jdbc(), db.transactionManager()),
        properties,
        clock,
        Duration.ZERO);
  }
}

package io.crescendo.identity.infra.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import io.crescendo.identity.infra.testsupport.MutableClock;
import io.crescendo.identity.infra.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signing keys in PostgreSQL: restarts, concurrent start-up, rotation across replicas. */
class SigningKeysJdbcTest {

  private static TestDatabase db;

  private final MutableClock clock = MutableClock.startingAt("2025-03-01T00:00:00Z");
  private final TokenProperties properties = TokenTestSupport.properties();

  @BeforeAll
  static void database() {
    db = TestDatabase.fresh();
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @BeforeEach
  void empty() {
    db.truncate("signing_key");
  }

  private SigningKeys replica() {
    return TokenTestSupport.jdbcSigningKeys(db, properties, clock);
  }

  private int storedKeys() {
    return db.jdbc().queryForObject("SELECT count(*) FROM signing_key", Integer.class);
  }

  @Test
  void firstStartCreatesOneKeyAndARestartKeepsIt() throws Exception {
    SigningKeys first = replica();
    first.afterSingletonsInstantiated();
    String token = new AccessTokens(first, properties, clock).issue(UUID.randomUUID());

    SigningKeys restarted = replica();
    restarted.afterSingletonsInstantiated();

    assertThat(storedKeys()).isEqualTo(1);
    assertThat(restarted.current().kid()).isEqualTo(first.current().kid());
    // the restarted replica can sign with the stored private key and verify old tokens
    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.verify(new RSASSAVerifier(restarted.current().jwk().toRSAPublicKey()))).isTrue();
    SignedJWT fresh =
        SignedJWT.parse(new AccessTokens(restarted, properties, clock).issue(UUID.randomUUID()));
    assertThat(fresh.verify(new RSASSAVerifier(first.current().jwk().toRSAPublicKey()))).isTrue();
  }

  @Test
  void replicasStartingTogetherCreateASingleKey() throws Exception {
    int replicas = 6;
    ExecutorService pool = Executors.newFixedThreadPool(replicas);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<String>> kids = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        kids.add(
            pool.submit(
                () -> {
                  SigningKeys keys = replica();
                  start.await();
                  keys.afterSingletonsInstantiated();
                  return keys.current().kid();
                }));
      }
      start.countDown();
      List<String> results = new ArrayList<>();
      for (Future<String> kid : kids) {
        results.add(kid.get(60, TimeUnit.SECONDS));
      }
      assertThat(results).containsOnly(results.getFirst());
      assertThat(storedKeys()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rotateSwitchesSigningAndAnotherReplicaLearnsTheNewKeyOnFirstSight() {
    SigningKeys a = replica();
    a.afterSingletonsInstantiated();
    SigningKeys b = replica();
    b.afterSingletonsInstantiated();
    String old = a.current().kid();

    SigningKey created = a.rotate();

    assertThat(created.kid()).isNotEqualTo(old);
    assertThat(a.current().kid()).isEqualTo(created.kid());
    // b has not reloaded yet but finds the unknown kid in the database
    assertThat(b.verificationKey(created.kid()).block()).isNotNull();
    assertThat(b.verificationKey(old).block()).isNotNull();
    assertThat(b.current().kid()).isEqualTo(created.kid());
    assertThat(b.verificationKey("no-such-kid").blockOptional()).isEmpty();
  }

  @Test
  void retiredKeyVerifiesUntilItsTokensHaveExpired() {
    SigningKeys keys = replica();
    keys.afterSingletonsInstantiated();
    String old = keys.current().kid();
    keys.rotate();
    String current = keys.current().kid();
    clock.advance(Duration.ofHours(1));
    keys.rotate();

    // `old` was retired an hour ago, past access-token-ttl + skew: neither served nor accepted
    assertThat(keys.verificationKey(old).blockOptional()).isEmpty();
    assertThat(keys.publicJwkSet().block().getKeys())
        .extracting(JWK::getKeyID)
        .doesNotContain(old)
        .contains(current);
    assertThat(keys.verificationKey(current).block()).isNotNull();
  }

  @Test
  void automaticRotationPublishesTheSuccessorBeforeItSigns() {
    SigningKeys keys = replica();
    keys.afterSingletonsInstantiated();
    String first = keys.current().kid();

    assertThat(keys.rotateIfDue()).isFalse();
    clock.advance(Duration.ofDays(30).minusMinutes(11));
    assertThat(keys.rotateIfDue()).isFalse();

    clock.advance(Duration.ofMinutes(1)); // 30 days minus the 10 minute publish lead
    assertThat(keys.rotateIfDue()).isTrue();
    assertThat(keys.rotateIfDue()).isFalse(); // successor already pending
    List<String> published = keys.publishedKeys().getKeys().stream().map(JWK::getKeyID).toList();
    assertThat(published).hasSize(2).contains(first);
    String successor = published.stream().filter(k -> !k.equals(first)).findFirst().orElseThrow();
    assertThat(keys.current().kid()).isEqualTo(first);

    clock.advance(Duration.ofMinutes(10));
    assertThat(keys.current().kid()).isEqualTo(successor);
    assertThat(keys.verificationKey(first).block()).isNotNull();
    assertThat(storedKeys()).isEqualTo(2);

    // a restart later: the start-up check sees nothing due
    SigningKeys restarted = replica();
    restarted.afterSingletonsInstantiated();
    assertThat(storedKeys()).isEqualTo(2);
    assertThat(restarted.current().kid()).isEqualTo(successor);
  }

  @Test
  void explicitRotationDropsAPendingSuccessor() {
    SigningKeys keys = replica();
    keys.afterSingletonsInstantiated();
    clock.advance(Duration.ofDays(30));
    assertThat(keys.rotateIfDue()).isTrue();
    assertThat(storedKeys()).isEqualTo(2);

    SigningKey rotated = keys.rotate();

    assertThat(storedKeys()).isEqualTo(2);
    assertThat(keys.current().kid()).isEqualTo(rotated.kid());
    clock.advance(Duration.ofHours(1));
    assertThat(keys.current().kid()).isEqualTo(rotated.kid());
  }

  @Test
  void startUpAfterALongOutageRotatesAStaleKey() {
    SigningKeys keys = replica();
    keys.afterSingletonsInstantiated();
    String first = keys.current().kid();
    clock.advance(Duration.ofDays(90));

    SigningKeys restarted = replica();
    restarted.afterSingletonsInstantiated();

    assertThat(storedKeys()).isEqualTo(2);
    // the stale key keeps signing until the successor's publish lead has passed
    assertThat(restarted.current().kid()).isEqualTo(first);
    clock.advance(Duration.ofMinutes(10));
    assertThat(restarted.current().kid()).isNotEqualTo(first);
  }

  @Test
  void pruneDeletesKeysNoTokenCanNeedButKeepsThePreviousOne() {
    SigningKeys keys = replica();
    keys.afterSingletonsInstantiated();
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(1));
      keys.rotate();
    }
    assertThat(storedKeys()).isEqualTo(4);

    clock.advance(Duration.ofDays(2));
    int deleted = keys.prune();

    assertThat(deleted).isEqualTo(2);
    assertThat(storedKeys()).isEqualTo(2);
    assertThat(keys.publishedKeys().getKeys()).hasSize(2);
  }

  @Test
  void storedPrivateKeyIsPkcs8AndPublicJwkHasNoPrivateParts() {
    SigningKeys keys = replica();
    keys.afterSingletonsInstantiated();
    var row =
        db.jdbc()
            .queryForMap(
                "SELECT private_key, public_jwk, created_at, activates_at, retired_at"
                    + " FROM signing_key");
    assertThat((String) row.get("public_jwk"))
        .contains("\"kid\"", "\"n\"", "\"e\"", "\"RS256\"")
        .doesNotContain("\"d\"");
    assertThat((byte[]) row.get("private_key")).isNotEmpty();
    assertThat(row.get("retired_at")).isNull();
    assertThat(((java.sql.Timestamp) row.get("created_at")).toInstant())
        .isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
  }
}

package io.crescendo.identity.infra.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crescendo.identity.infra.testsupport.MutableClock;
import io.crescendo.identity.infra.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Refresh-token rules against PostgreSQL. */
class RefreshTokensTest {

  private static TestDatabase db;

  private final MutableClock clock = MutableClock.startingAt("2025-03-01T09:00:00Z");
  private final TokenProperties properties = TokenTestSupport.properties();
  private RefreshTokens tokens;
  private final UUID user = UUID.randomUUID();

  @BeforeAll
  static void database() {
    db = TestDatabase.fresh();
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private RefreshTokens tokens() {
    if (tokens == null) {
      tokens = new RefreshTokens(db.jdbc(), db.transactionManager(), properties, clock);
    }
    return tokens;
  }

  @Test
  void issuedTokenIsOpaque256BitBase64UrlAndOnlyItsHashIsStored() {
    String token = tokens().issue(user);

    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    byte[] stored =
        db.jdbc()
            .queryForObject(
                "SELECT token_hash FROM refresh_token WHERE user_id = ?", byte[].class, user);
    assertThat(stored).isEqualTo(RefreshTokens.sha256(token));
    String dump =
        db.jdbc().queryForList("SELECT * FROM refresh_token WHERE user_id = ?", user).toString();
    assertThat(dump).doesNotContain(token);
    Instant expires =
        db.jdbc()
            .queryForObject(
                "SELECT expires_at FROM refresh_token WHERE user_id = ?",
                java.time.OffsetDateTime.class,
                user)
            .toInstant();
    assertThat(expires).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
  }

  @Test
  void rotationReturnsANewTokenWithAFreshLifetimeAndInvalidatesTheOldOne() {
    String first = tokens().issue(user);

    clock.advance(Duration.ofDays(6));
    RefreshTokens.Rotation second = tokens().rotate(first);
    assertThat(second.userId()).isEqualTo(user);
    assertThat(second.refreshToken()).isNotEqualTo(first).matches("[A-Za-z0-9_-]{43}");

    clock.advance(Duration.ofDays(6)); // 12 days after login, 6 after the rotation
    RefreshTokens.Rotation third = tokens().rotate(second.refreshToken());
    assertThat(third.familyId()).isEqualTo(second.familyId());

    // the first token has expired by now
    assertThatThrownBy(() -> tokens().rotate(first))
        .isInstanceOf(InvalidRefreshTokenException.class)
        .hasMessageContaining("expired");
    // the second was rotated a minute ago: theft, the whole family goes
    clock.advance(Duration.ofMinutes(1));
    assertThatThrownBy(() -> tokens().rotate(second.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class)
        .hasMessageContaining("family revoked");
    assertThatThrownBy(() -> tokens().rotate(third.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
  }

  @Test
  void secondPresentationWithinTheReuseIntervalGetsTheSameSuccessor() {
    String token = tokens().issue(user);

    String successor = tokens().rotate(token).refreshToken();
    clock.advance(Duration.ofSeconds(10));
    String again = tokens().rotate(token).refreshToken();

    assertThat(again).isEqualTo(successor);
    // and the successor is a normal token
    assertThat(tokens().rotate(successor).refreshToken()).isNotEqualTo(successor);
  }

  @Test
  void concurrentRefreshesAllSucceedWithOneSuccessor() throws Exception {
    String token = tokens().issue(user);
    int callers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return tokens().rotate(token).refreshToken();
                }));
      }
      start.countDown();
      List<String> successors = new ArrayList<>();
      for (Future<String> result : results) {
        successors.add(result.get(30, TimeUnit.SECONDS));
      }
      assertThat(successors).hasSize(callers).containsOnly(successors.getFirst());
      assertThat(
              db.jdbc()
                  .queryForObject(
                      "SELECT count(*) FROM refresh_token WHERE user_id = ?", Integer.class, user))
          .isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentTheftRotationAndRevocationNeverDeadlock() throws Exception {
    String token = tokens().issue(user);
    String successor = tokens().rotate(token).refreshToken();
    clock.advance(Duration.ofSeconds(11));
    ExecutorService pool = Executors.newFixedThreadPool(9);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        int n = i;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    switch (n % 3) {
                      case 0 -> tokens().rotate(token);
                      case 1 -> tokens().rotate(successor);
                      default -> tokens().revokeAll(user);
                    }
                  } catch (InvalidRefreshTokenException expected) {
                    // rejected: fine
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> result : results) {
        result.get(30, TimeUnit.SECONDS); // no deadlock or other database error
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            db.jdbc()
                .queryForObject(
                    "SELECT bool_and(revoked_at IS NOT NULL) FROM refresh_token_family"
                        + " WHERE user_id = ?",
                    Boolean.class,
                    user))
        .isTrue();
  }

  @Test
  void reuseAfterTheIntervalIsRejectedAndRevokesTheFamily() {
    String token = tokens().issue(user);
    String otherLogin = tokens().issue(user);
    String successor = tokens().rotate(token).refreshToken();

    clock.advance(Duration.ofSeconds(10).plusMillis(1));
    assertThatThrownBy(() -> tokens().rotate(token))
        .isInstanceOf(InvalidRefreshTokenException.class);

    // the legitimate holder of the successor is logged out too
    assertThatThrownBy(() -> tokens().rotate(successor))
        .isInstanceOf(InvalidRefreshTokenException.class);
    // other logins of the user are unaffected
    assertThat(tokens().rotate(otherLogin).userId()).isEqualTo(user);
  }

  @Test
  void logoutRevokesTheFamilyAndASecondLogoutIsRejected() {
    String token = tokens().issue(user);
    String successor = tokens().rotate(token).refreshToken();

    assertThat(tokens().revokeFamilyOf(successor)).isEqualTo(user);

    assertThatThrownBy(() -> tokens().rotate(successor))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThatThrownBy(() -> tokens().rotate(token))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThatThrownBy(() -> tokens().revokeFamilyOf(successor))
        .isInstanceOf(InvalidRefreshTokenException.class);
  }

  @Test
  void logoutWithAJustRotatedTokenStillWorks() {
    String token = tokens().issue(user);
    String successor = tokens().rotate(token).refreshToken();
    clock.advance(Duration.ofSeconds(3));

    tokens().revokeFamilyOf(token);

    assertThatThrownBy(() -> tokens().rotate(successor))
        .isInstanceOf(InvalidRefreshTokenException.class);
  }

  @Test
  void logoutWithATokenRotatedLongAgoIsRejected() {
    String token = tokens().issue(user);
    tokens().rotate(token);
    clock.advance(Duration.ofMinutes(1));

    assertThatThrownBy(() -> tokens().revokeFamilyOf(token))
        .isInstanceOf(InvalidRefreshTokenException.class);
  }

  @Test
  void expiredTokenIsRejected() {
    String token = tokens().issue(user);
    clock.advance(Duration.ofDays(7));

    assertThatThrownBy(() -> tokens().rotate(token))
        .isInstanceOf(InvalidRefreshTokenException.class)
        .hasMessageContaining("expired");
    assertThatThrownBy(() -> tokens().revokeFamilyOf(token))
        .isInstanceOf(InvalidRefreshTokenException.class);
  }

  @Test
  void unknownTokenIsRejected() {
    byte[] random = new byte[32];
    new java.security.SecureRandom().nextBytes(random);
    String unknown = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);

    assertThatThrownBy(() -> tokens().rotate(unknown))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThatThrownBy(() -> tokens().revokeFamilyOf(unknown))
        .isInstanceOf(InvalidRefreshTokenException.class);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "   ",
        "abc",
        "eyJhbGciOiJSUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.c2ln",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
      })
  void malformedTokensAreRejected(String token) {
    assertThatThrownBy(() -> tokens().rotate(token))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThatThrownBy(() -> tokens().revokeFamilyOf(token))
        .isInstanceOf(InvalidRefreshTokenException.class);
  }

  @Test
  void revokeAllRevokesEveryLoginOfTheUserOnly() {
    String a = tokens().issue(user);
    String b = tokens().issue(user);
    UUID otherUser = UUID.randomUUID();
    String other = tokens().issue(otherUser);

    assertThat(tokens().revokeAll(user)).isEqualTo(2);

    assertThatThrownBy(() -> tokens().rotate(a)).isInstanceOf(InvalidRefreshTokenException.class);
    assertThatThrownBy(() -> tokens().rotate(b)).isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(tokens().rotate(other).userId()).isEqualTo(otherUser);
    assertThat(tokens().revokeAll(user)).isZero();
  }

  @Test
  void cleanupDeletesLongExpiredTokensAndEmptyFamilies() {
    UUID lonely = UUID.randomUUID();
    tokens().issue(lonely);
    clock.advance(Duration.ofDays(9));

    tokens().deleteExpired();

    assertThat(
            db.jdbc()
                .queryForObject(
                    "SELECT count(*) FROM refresh_token_family WHERE user_id = ?",
                    Integer.class,
                    lonely))
        .isZero();
  }

  @Test
  void successorIsAnHmacOfThePresentedToken() {
    byte[] key = HexFormat.of().parseHex("00".repeat(32));
    String a = RefreshTokens.successorOf(key, "A".repeat(43));
    assertThat(a).isEqualTo(RefreshTokens.successorOf(key, "A".repeat(43)));
    assertThat(a).isNotEqualTo(RefreshTokens.successorOf(key, "B".repeat(43)));
    assertThat(a).matches("[A-Za-z0-9_-]{43}");
  }
}

package io.crescendo.identity.infra.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.crescendo.identity.infra.security.AccountStatus;
import io.crescendo.identity.infra.testsupport.MutableClock;
import io.crescendo.identity.infra.testsupport.TestDatabase;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class TokenServiceTest {

  private static TestDatabase db;

  private final MutableClock clock = MutableClock.startingAt("2025-03-01T09:00:00Z");
  private final TokenProperties properties = TokenTestSupport.properties();
  private final Set<UUID> deleted = ConcurrentHashMap.newKeySet();
  private final AccountStatus accounts = id -> Mono.just(!deleted.contains(id));
  private TokenService service;

  @BeforeAll
  static void database() {
    db = TestDatabase.fresh();
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private TokenService service() {
    if (service == null) {
      SigningKeys keys = TokenTestSupport.jdbcSigningKeys(db, properties, clock);
      keys.afterSingletonsInstantiated();
      service =
          new TokenService(
              new AccessTokens(keys, properties, clock),
              new RefreshTokens(db.jdbc(), db.transactionManager(), properties, clock),
              accounts);
    }
    return service;
  }

  @Test
  void issueRefreshLogout() throws Exception {
    UUID user = UUID.randomUUID();

    TokenPair login = service().issueFor(user).block();
    assertThat(SignedJWT.parse(login.access()).getJWTClaimsSet().getStringClaim("user_uuid"))
        .isEqualTo(user.toString());

    clock.advance(Duration.ofMinutes(31));
    TokenPair refreshed = service().refresh(login.refresh()).block();
    assertThat(refreshed.refresh()).isNotEqualTo(login.refresh());
    assertThat(refreshed.access()).isNotEqualTo(login.access());
    assertThat(SignedJWT.parse(refreshed.access()).getJWTClaimsSet().getSubject())
        .isEqualTo(user.toString());

    // within the reuse interval: same refresh token, a valid (new) access token
    TokenPair again = service().refresh(login.refresh()).block();
    assertThat(again.refresh()).isEqualTo(refreshed.refresh());

    StepVerifier.create(service().logout(refreshed.refresh())).verifyComplete();
    StepVerifier.create(service().logout(refreshed.refresh()))
        .verifyError(InvalidRefreshTokenException.class);
    StepVerifier.create(service().refresh(refreshed.refresh()))
        .verifyError(InvalidRefreshTokenException.class);
  }

  @Test
  void refreshOfADeletedAccountIsRejectedAndRevoked() {
    UUID user = UUID.randomUUID();
    TokenPair login = service().issueFor(user).block();
    TokenPair other = service().issueFor(user).block();

    deleted.add(user);
    StepVerifier.create(service().refresh(login.refresh()))
        .verifyError(InvalidRefreshTokenException.class);

    deleted.remove(user); // even if the account came back, the tokens stay revoked
    StepVerifier.create(service().refresh(other.refresh()))
        .verifyError(InvalidRefreshTokenException.class);
  }

  @Test
  void revokeAll() {
    UUID user = UUID.randomUUID();
    TokenPair login = service().issueFor(user).block();

    StepVerifier.create(service().revokeAll(user)).verifyComplete();

    StepVerifier.create(service().refresh(login.refresh()))
        .verifyError(InvalidRefreshTokenException.class);
  }

  @Test
  void malformedTokenErrorsInsteadOfThrowing() {
    StepVerifier.create(service().refresh("nope")).verifyError(InvalidRefreshTokenException.class);
    StepVerifier.create(service().logout(null)).verifyError(InvalidRefreshTokenException.class);
  }
}

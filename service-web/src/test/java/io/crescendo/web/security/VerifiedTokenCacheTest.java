package io.crescendo.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class VerifiedTokenCacheTest {

  private static final String ISSUER = "http://localhost:8080";
  private static final Instant ISSUED = Instant.parse("2026-11-25T10:00:00Z");

  private final MovableClock clock = new MovableClock(ISSUED);
  private final AccessTokenValidator rules =
      new AccessTokenValidator(ISSUER, "crescendo-api", Duration.ofSeconds(30), clock);
  private final AtomicInteger verifications = new AtomicInteger();

  /** Stands for the signature check: "good-*" tokens verify, anything else is refused. */
  private final ReactiveJwtDecoder verifier =
      token -> {
        verifications.incrementAndGet();
        return token.startsWith("good")
            ? Mono.just(jwt(token))
            : Mono.error(new BadJwtException("bad signature"));
      };

  @Test
  void aTokenIsVerifiedOnceAndThenServedFromMemory() {
    var cache = new VerifiedTokenCache(verifier, rules, 100, Duration.ofMinutes(5));

    Jwt first = cache.decode("good-1").block();
    Jwt second = cache.decode("good-1").block();

    assertThat(second).isSameAs(first);
    assertThat(verifications).hasValue(1);
    cache.decode("good-2").block();
    assertThat(verifications).hasValue(2);
  }

  @Test
  void aRememberedTokenIsStillRefusedOnceExpired() {
    var cache = new VerifiedTokenCache(verifier, rules, 100, Duration.ofMinutes(30));
    cache.decode("good-1").block();

    clock.set(ISSUED.plus(Duration.ofMinutes(16))); // exp = +15 min, skew 30 s

    StepVerifier.create(cache.decode("good-1"))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(JwtValidationException.class)
                    .hasMessageContaining("expired"))
        .verify();
    assertThat(verifications).hasValue(1);
  }

  @Test
  void refusedTokensAreNotRemembered() {
    var cache = new VerifiedTokenCache(verifier, rules, 100, Duration.ofMinutes(5));

    StepVerifier.create(cache.decode("forged")).expectError(BadJwtException.class).verify();
    StepVerifier.create(cache.decode("forged")).expectError(BadJwtException.class).verify();

    assertThat(verifications).hasValue(2);
  }

  @Test
  void aTokenIsVerifiedAgainAfterTheTimeToLive() {
    AtomicLong nanos = new AtomicLong();
    var cache = new VerifiedTokenCache(verifier, rules, 100, Duration.ofMinutes(5), nanos::get);
    cache.decode("good-1").block();

    nanos.addAndGet(Duration.ofMinutes(4).toNanos());
    cache.decode("good-1").block();
    assertThat(verifications).hasValue(1);

    nanos.addAndGet(Duration.ofMinutes(2).toNanos());
    cache.decode("good-1").block();
    assertThat(verifications).hasValue(2);
  }

  private Jwt jwt(String token) {
    return Jwt.withTokenValue(token)
        .header("alg", "RS256")
        .header("typ", "JWT")
        .issuer(ISSUER)
        .audience(List.of("crescendo-api"))
        .issuedAt(ISSUED)
        .expiresAt(ISSUED.plus(Duration.ofMinutes(15)))
        .claim(AccessTokenClaims.TOKEN_TYPE, AccessTokenClaims.ACCESS)
        .claim(AccessTokenClaims.USER_UUID, UUID.randomUUID().toString())
        .build();
  }

  private static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}

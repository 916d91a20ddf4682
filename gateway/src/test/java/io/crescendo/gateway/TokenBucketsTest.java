package io.crescendo.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.gateway.ratelimit.TokenBuckets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void aBurstUpToTheLimitPassesThenTheWaitIsReported() {
    TokenBuckets buckets = new TokenBuckets(3, Duration.ofMinutes(1), clock);
    for (int i = 0; i < 3; i++) {
      assertThat(buckets.tryAcquire("10.0.0.1")).isZero();
    }
    assertThat(buckets.tryAcquire("10.0.0.1")).isEqualTo(Duration.ofSeconds(20));
    assertThat(buckets.tryAcquire("10.0.0.2")).isZero();
  }

  @Test
  void tokensComeBackAtTheConfiguredRate() {
    TokenBuckets buckets = new TokenBuckets(3, Duration.ofMinutes(1), clock);
    for (int i = 0; i < 3; i++) {
      buckets.tryAcquire("10.0.0.1");
    }
    now = now.plusSeconds(15);
    assertThat(buckets.tryAcquire("10.0.0.1")).isEqualTo(Duration.ofSeconds(5));
    now = now.plusSeconds(5);
    assertThat(buckets.tryAcquire("10.0.0.1")).isZero();
    assertThat(buckets.tryAcquire("10.0.0.1")).isEqualTo(Duration.ofSeconds(20));
  }
}

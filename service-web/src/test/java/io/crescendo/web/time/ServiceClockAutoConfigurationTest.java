package io.crescendo.web.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServiceClockAutoConfigurationTest {

  @Test
  void withoutAnOffsetTheClockIsTheSystemClock() {
    Instant before = Instant.now();
    Instant now = ServiceClockAutoConfiguration.offsetClock("").instant();
    assertThat(now).isBetween(before, Instant.now());
  }

  @Test
  void anOffsetShiftsNowForward() {
    Clock clock = ServiceClockAutoConfiguration.offsetClock("P3D");
    Instant expected = Instant.now().plus(Duration.ofDays(3));
    assertThat(Duration.between(expected, clock.instant()).abs()).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aMalformedOffsetIsRefusedWithItsName() {
    assertThatThrownBy(() -> ServiceClockAutoConfiguration.offsetClock("3 days"))
        .hasMessageContaining("crescendo.clock.offset");
  }
}

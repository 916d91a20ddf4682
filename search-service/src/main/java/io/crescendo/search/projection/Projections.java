package io.crescendo.search.projection;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** What the projections share. */
final class Projections {

  private Projections() {}

  /** Microseconds, as PostgreSQL keeps them, so that cursors compare exactly. */
  static OffsetDateTime time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }
}

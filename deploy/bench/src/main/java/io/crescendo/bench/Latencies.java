package io.crescendo.bench;

import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of one measurement, recorded from any thread (HdrHistogram's {@link Recorder}, 3
 * significant digits, 1 µs to 1 min), read once at the end.
 */
final class Latencies {

  private static final long MAX_MICROS = Duration.ofMinutes(1).toNanos() / 1_000;

  private final Recorder recorder = new Recorder(1, MAX_MICROS, 3);
  private Histogram total;

  void record(Duration latency) {
    recordNanos(latency.toNanos());
  }

  void recordNanos(long nanos) {
    recorder.recordValue(Math.clamp(nanos / 1_000, 1, MAX_MICROS));
  }

  /** Everything recorded so far; later records are not included. */
  synchronized Summary summary() {
    Histogram interval = recorder.getIntervalHistogram();
    if (total == null) {
      total = interval.copy();
    } else {
      total.add(interval);
    }
    return Summary.of(total);
  }

  /** Percentiles in milliseconds. */
  record Summary(long count, double p50, double p90, double p99, double max) {

    static Summary of(Histogram histogram) {
      return new Summary(
          histogram.getTotalCount(),
          millis(histogram.getValueAtPercentile(50)),
          millis(histogram.getValueAtPercentile(90)),
          millis(histogram.getValueAtPercentile(99)),
          millis(histogram.getMaxValue()));
    }

    private static double millis(long micros) {
      return micros / 1_000.0;
    }

    @Override
    public String toString() {
      return "p50 %s ms, p99 %s ms (n=%d)".formatted(Figure.number(p50), Figure.number(p99), count);
    }
  }
}

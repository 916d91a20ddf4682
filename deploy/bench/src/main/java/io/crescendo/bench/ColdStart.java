package io.crescendo.bench;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Whole-stack cold start (launcher started → {@code Crescendo is up}, fresh data directory:
 * PostgreSQL initdb, Kafka format, every service's migrations) and the resident memory of every
 * process of the stack.
 */
final class ColdStart {

  private static final double START_TARGET_SECONDS = 30;
  private static final double RSS_TARGET_GB = 2.5;

  private ColdStart() {}

  static List<Figure> measure(BenchContext context) {
    double seconds = context.stack().startTime().toMillis() / 1000.0;
    return List.of(
        Figure.withoutReference(
            "cold start, whole stack",
            Figure.number(seconds) + " s",
            "≤ " + Figure.number(START_TARGET_SECONDS) + " s",
            seconds <= START_TARGET_SECONDS,
            "java -jar crescendo-local.jar on an empty data directory until `Crescendo is up`"),
        rss("RSS after start", context));
  }

  static Figure residentAfterRun(BenchContext context) {
    return rss("RSS after the whole run", context);
  }

  private static Figure rss(String measure, BenchContext context) {
    Map<String, Long> rss = context.stack().residentBytes();
    double gb = rss.values().stream().mapToLong(Long::longValue).sum() / (1024.0 * 1024 * 1024);
    String parts =
        rss.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue() / (1024 * 1024) + " MB")
            .collect(Collectors.joining(", "));
    return Figure.withoutReference(
        measure + ", total",
        Figure.number(gb) + " GB",
        "≤ " + Figure.number(RSS_TARGET_GB) + " GB",
        gb <= RSS_TARGET_GB,
        parts);
  }
}

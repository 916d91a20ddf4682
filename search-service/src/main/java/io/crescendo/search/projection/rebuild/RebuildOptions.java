package io.crescendo.search.projection.rebuild;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/**
 * How a read-model rebuild runs ({@code crescendo.search.rebuild.*}; see {@code
 * docs/read-model-rebuild.md}).
 *
 * @param switchOver false for a dry run: rebuild and compare, never switch ({@code switch})
 * @param acceptDifferences switch even if the rebuilt tables differ from the live ones, e.g. to
 *     repair rows after fixing a projection bug ({@code accept-differences})
 * @param keep keep the tables that no longer serve, for comparison: the retired live tables after a
 *     switch, else the rebuilt ones ({@code keep})
 * @param replayParked apply the records the live subscriptions parked on their dead-letter topics
 *     instead of skipping them as live consumption did ({@code replay-parked})
 * @param batchSize records per replay transaction ({@code batch-size})
 * @param parallelism replay workers ({@code parallelism}); 1 keeps the order in which a caught-up
 *     live consumer met the events of different aggregates, more is faster but only gives the same
 *     rows if the projections do not depend on that order (the comparison tells)
 * @param lockTimeout longest wait for a lock while switching; then the switch is tried again
 *     ({@code lock-timeout})
 * @param switchAttempts how often the switch is tried ({@code switch-attempts})
 * @param ignoredColumns per table, columns left out of the comparison because they are bookkeeping,
 *     not read-model content ({@code ignore-columns=table.column,...}; {@code
 *     consumed_event.applied_at} always)
 * @param sampleRows differing rows shown per table and direction ({@code sample-rows})
 */
public record RebuildOptions(
    boolean switchOver,
    boolean acceptDifferences,
    boolean keep,
    boolean replayParked,
    int batchSize,
    int parallelism,
    Duration lockTimeout,
    int switchAttempts,
    Map<String, Set<String>> ignoredColumns,
    int sampleRows) {

  public static final String PREFIX = "crescendo.search.rebuild.";

  /** Bookkeeping of the consumer library: when a row was written, not what it says. */
  static final Map<String, Set<String>> ALWAYS_IGNORED =
      Map.of(ReadModelTables.CONSUMED_EVENT, Set.of("applied_at"));

  public RebuildOptions {
    if (batchSize < 1 || parallelism < 1 || switchAttempts < 1 || sampleRows < 0) {
      throw new IllegalArgumentException(
          "batch-size, parallelism and switch-attempts must be positive, sample-rows not negative");
    }
    Map<String, Set<String>> ignored = new HashMap<>();
    ALWAYS_IGNORED.forEach((t, c) -> ignored.computeIfAbsent(t, k -> new HashSet<>()).addAll(c));
    ignoredColumns.forEach((t, c) -> ignored.computeIfAbsent(t, k -> new HashSet<>()).addAll(c));
    ignored.replaceAll((t, c) -> Set.copyOf(c));
    ignoredColumns = Map.copyOf(ignored);
  }

  /** Switch when identical, drop what no longer serves. */
  public static RebuildOptions defaults() {
    return new RebuildOptions(
        true, false, false, false, 2_000, 1, Duration.ofSeconds(5), 5, Map.of(), 10);
  }

  /** The options from {@code crescendo.search.rebuild.*}, defaults for what is not set. */
  public static RebuildOptions from(Environment environment) {
    RebuildOptions d = defaults();
    Map<String, Set<String>> ignored = new HashMap<>();
    for (String column :
        environment.getProperty(PREFIX + "ignore-columns", String[].class, new String[0])) {
      String trimmed = column.strip();
      int dot = trimmed.indexOf('.');
      if (dot <= 0 || dot == trimmed.length() - 1) {
        throw new IllegalArgumentException(
            PREFIX + "ignore-columns takes table.column values: " + column);
      }
      ignored
          .computeIfAbsent(trimmed.substring(0, dot), t -> new HashSet<>())
          .add(trimmed.substring(dot + 1));
    }
    String lockTimeout = environment.getProperty(PREFIX + "lock-timeout");
    return new RebuildOptions(
        environment.getProperty(PREFIX + "switch", Boolean.class, d.switchOver()),
        environment.getProperty(
            PREFIX + "accept-differences", Boolean.class, d.acceptDifferences()),
        environment.getProperty(PREFIX + "keep", Boolean.class, d.keep()),
        environment.getProperty(PREFIX + "replay-parked", Boolean.class, d.replayParked()),
        environment.getProperty(PREFIX + "batch-size", Integer.class, d.batchSize()),
        environment.getProperty(PREFIX + "parallelism", Integer.class, d.parallelism()),
        lockTimeout == null ? d.lockTimeout() : DurationStyle.detectAndParse(lockTimeout),
        environment.getProperty(PREFIX + "switch-attempts", Integer.class, d.switchAttempts()),
        ignored,
        environment.getProperty(PREFIX + "sample-rows", Integer.class, d.sampleRows()));
  }

  public RebuildOptions withSwitchOver(boolean switchOver) {
    return new RebuildOptions(
        switchOver,
        acceptDifferences,
        keep,
        replayParked,
        batchSize,
        parallelism,
        lockTimeout,
        switchAttempts,
        ignoredColumns,
        sampleRows);
  }

  public RebuildOptions withAcceptDifferences(boolean acceptDifferences) {
    return new RebuildOptions(
        switchOver,
        acceptDifferences,
        keep,
        replayParked,
        batchSize,
        parallelism,
        lockTimeout,
        switchAttempts,
        ignoredColumns,
        sampleRows);
  }

  public RebuildOptions withKeep(boolean keep) {
    return new RebuildOptions(
        switchOver,
        acceptDifferences,
        keep,
        replayParked,
        batchSize,
        parallelism,
        lockTimeout,
        switchAttempts,
        ignoredColumns,
        sampleRows);
  }

  public RebuildOptions withParallelism(int parallelism) {
    return new RebuildOptions(
        switchOver,
        acceptDifferences,
        keep,
        replayParked,
        batchSize,
        parallelism,
        lockTimeout,
        switchAttempts,
        ignoredColumns,
        sampleRows);
  }

  /** The columns of the table left out of the comparison. */
  Set<String> ignoredColumnsOf(String table) {
    return ignoredColumns.getOrDefault(table, Set.of());
  }
}

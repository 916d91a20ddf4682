package io.crescendo.search.projection.rebuild;

import io.crescendo.events.consumer.ReplayCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a read-model rebuild did: printed by the rebuild command, returned by {@link
 * ReadModelRebuild#rebuild(RebuildOptions)}.
 *
 * @param outcome whether the rebuilt tables serve now
 * @param liveSchema where the read models are served from ({@code public})
 * @param rebuiltSchema where they were rebuilt
 * @param retiredSchema where the replaced live tables went, null if nothing was switched
 * @param keptSchema the schema left in the database for comparison ({@code keep}), null if none
 * @param tables per table: rows and differing rows, compared with the live writers paused
 * @param subscriptions per subscription: what the replay did with the records
 * @param eventsReplayed records read from the topics, in all passes
 * @param eventsWhileWritersPaused of those, records read while the live writers waited
 * @param replayTime time spent replaying
 * @param writePause how long the live writers waited in the (last) switch transaction
 * @param switchAttempts switch transactions tried (more than one after lock time-outs)
 * @param duration the whole rebuild
 * @param warnings things an operator should know (leftover schemas, tables that could not be
 *     dropped)
 */
public record RebuildReport(
    Outcome outcome,
    String liveSchema,
    String rebuiltSchema,
    String retiredSchema,
    String keptSchema,
    List<TableReport> tables,
    Map<String, ReplayCounts> subscriptions,
    long eventsReplayed,
    long eventsWhileWritersPaused,
    Duration replayTime,
    Duration writePause,
    int switchAttempts,
    Duration duration,
    List<String> warnings) {

  /** Whether the rebuilt tables serve now. */
  public enum Outcome {
    /** The rebuilt tables replaced the live ones (identical, or differences accepted). */
    SWITCHED,
    /** The rebuilt tables differ from the live ones; the live tables serve on, untouched. */
    NOT_SWITCHED_DIFFERENT,
    /** Asked not to switch ({@code switch=false}): rebuilt and compared only. */
    DRY_RUN
  }

  /**
   * One read-model table.
   *
   * @param onlyLive rows of the live table that the rebuilt one lacks (as a multiset)
   * @param onlyRebuilt rows of the rebuilt table that the live one lacks
   * @param onlyLiveSample some of them, {@code column=value, ...}
   * @param ignoredColumns columns left out of the comparison
   */
  public record TableReport(
      String table,
      long liveRows,
      long rebuiltRows,
      long onlyLive,
      long onlyRebuilt,
      List<String> onlyLiveSample,
      List<String> onlyRebuiltSample,
      List<String> ignoredColumns) {

    public TableReport {
      onlyLiveSample = List.copyOf(onlyLiveSample);
      onlyRebuiltSample = List.copyOf(onlyRebuiltSample);
      ignoredColumns = List.copyOf(ignoredColumns);
    }

    public long differingRows() {
      return onlyLive + onlyRebuilt;
    }
  }

  public RebuildReport {
    tables = List.copyOf(tables);
    subscriptions = Collections.unmodifiableMap(new LinkedHashMap<>(subscriptions));
    warnings = List.copyOf(warnings);
  }

  /** Differing rows of every table, both directions. */
  public long differingRows() {
    return tables.stream().mapToLong(TableReport::differingRows).sum();
  }

  public boolean identical() {
    return differingRows() == 0;
  }

  /** Records replayed per second of replay time. */
  public double eventsPerSecond() {
    double seconds = replayTime.toNanos() / 1e9;
    return seconds <= 0 ? 0 : eventsReplayed / seconds;
  }

  /** 0: switched, or a dry run without differences; 2: differences found and not switched. */
  public int exitCode() {
    return switch (outcome) {
      case SWITCHED -> 0;
      case DRY_RUN -> identical() ? 0 : 2;
      case NOT_SWITCHED_DIFFERENT -> 2;
    };
  }

  /** The report as the rebuild command prints it. */
  public String format() {
    List<String> lines = new ArrayList<>();
    lines.add("Read-model rebuild: " + headline());
    lines.add(
        "  tables        %s <- %s%s"
            .formatted(
                liveSchema,
                rebuiltSchema,
                keptSchema == null ? "" : " (kept for comparison: " + keptSchema + ")"));
    lines.add(
        "  events        %,d replayed in %s = %,.0f events/s (%,d while writers waited)"
            .formatted(
                eventsReplayed, seconds(replayTime), eventsPerSecond(), eventsWhileWritersPaused));
    subscriptions.forEach(
        (name, c) ->
            lines.add(
                ("  subscription  %s: %,d applied, %,d duplicates, %,d unknown type, %,d malformed,"
                        + " %,d parked, %,d left to the live consumers")
                    .formatted(
                        name,
                        c.applied(),
                        c.duplicates(),
                        c.unknownType(),
                        c.malformed(),
                        c.parked(),
                        c.notYetLive())));
    lines.add(
        "  write pause   %s (switch attempts: %d)".formatted(millis(writePause), switchAttempts));
    lines.add("  duration      " + seconds(duration));
    int width = Math.max(24, tables.stream().mapToInt(t -> t.table().length()).max().orElse(0));
    lines.add(
        ("  %-" + width + "s %12s %12s %10s %12s")
            .formatted("table", "live rows", "rebuilt rows", "only live", "only rebuilt"));
    for (TableReport t : tables) {
      lines.add(
          ("  %-" + width + "s %12d %12d %10d %12d")
              .formatted(t.table(), t.liveRows(), t.rebuiltRows(), t.onlyLive(), t.onlyRebuilt()));
    }
    for (TableReport t : tables) {
      if (t.differingRows() == 0) {
        continue;
      }
      lines.add(
          "  differences in %s%s:"
              .formatted(
                  t.table(),
                  t.ignoredColumns().isEmpty() ? "" : " (ignoring " + t.ignoredColumns() + ")"));
      t.onlyLiveSample().forEach(row -> lines.add("    only live:    " + row));
      t.onlyRebuiltSample().forEach(row -> lines.add("    only rebuilt: " + row));
    }
    warnings.forEach(w -> lines.add("  warning: " + w));
    return String.join(System.lineSeparator(), lines);
  }

  private String headline() {
    return switch (outcome) {
      case SWITCHED ->
          identical()
              ? "SWITCHED, rebuilt tables identical to the live ones"
              : "SWITCHED despite %,d differing rows (accept-differences)"
                  .formatted(differingRows());
      case NOT_SWITCHED_DIFFERENT ->
          "NOT SWITCHED: %,d differing rows (a projection bug, or rows changed by hand);"
                  .formatted(differingRows())
              + " the live tables serve on";
      case DRY_RUN ->
          identical()
              ? "DRY RUN, rebuilt tables identical to the live ones"
              : "DRY RUN, %,d differing rows".formatted(differingRows());
    };
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.3f s", duration.toNanos() / 1e9);
  }

  private static String millis(Duration duration) {
    return duration.toMillis() + " ms";
  }
}

package io.crescendo.bench;

import java.util.Locale;

/**
 * One row of docs/benchmarks.md: a measured value, the reference measured in the same run, and the
 * issue's target. {@code ratio} is value / reference (null without a reference).
 *
 * @param measure what was measured
 * @param value the figure, as text with its unit
 * @param reference the reference of the same run, as text, or "—"
 * @param ratio value ÷ reference, or null
 * @param target the goal, as text
 * @param met whether the goal was reached
 * @param note how it was measured, or why it was missed
 */
record Figure(
    String measure,
    String value,
    String reference,
    Double ratio,
    String target,
    boolean met,
    String note) {

  static Figure withoutReference(
      String measure, String value, String target, boolean met, String note) {
    return new Figure(measure, value, "—", null, target, met, note);
  }

  /** A number with at most one decimal (three below 1), for tables. */
  static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "n/a";
    }
    double abs = Math.abs(value);
    String format = abs >= 100 ? "%.0f" : abs >= 1 ? "%.1f" : "%.3f";
    return String.format(Locale.ROOT, format, value);
  }

  String ratioText() {
    return ratio == null ? "—" : number(ratio);
  }
}

package io.crescendo.local.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** The launcher's console: one prefixed line per event. */
final class Console {

  private static final String PREFIX = "[crescendo] ";
  private final PrintStream out;

  Console(PrintStream out) {
    this.out = out;
  }

  synchronized void info(String message) {
    out.println(PREFIX + message);
    out.flush();
  }

  synchronized void error(String message) {
    out.println(PREFIX + "error: " + message);
    out.flush();
  }

  /** A line without the prefix. */
  synchronized void plain(String message) {
    out.println(message);
    out.flush();
  }

  /** E.g. {@code postgres ready on 127.0.0.1:15432 (1.2 s)}. */
  void ready(String component, String where, Duration took) {
    info(String.format(Locale.ROOT, "%-18s ready on %s (%s)", component, where, seconds(took)));
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}

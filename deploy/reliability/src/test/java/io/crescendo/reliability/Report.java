package io.crescendo.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The counts of a run, as Markdown in {@code target/reliability-report.md} (system property {@code
 * reliability.report}), to be copied into docs/reliability.md.
 */
final class Report {

  private static boolean started;

  private Report() {}

  static synchronized void section(String title, List<String> lines) {
    Path file = Path.of(System.getProperty("reliability.report", "target/reliability-report.md"));
    try {
      if (!started) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(
            file,
            "# Reliability run of "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + "\n\nrounds="
                + Rounds.ROUNDS
                + ", racers="
                + Rounds.RACERS
                + "\n",
            StandardCharsets.UTF_8);
        started = true;
      }
      StringBuilder text = new StringBuilder("\n## ").append(title).append("\n\n");
      lines.forEach(line -> text.append(line).append('\n'));
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      System.out.print(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

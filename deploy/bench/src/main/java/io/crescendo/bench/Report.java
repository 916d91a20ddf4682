package io.crescendo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The figures of one run, written as JSON (for comparing runs) and as docs/benchmarks.md's table.
 */
final class Report {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final Instant startedAt;
  private final String mode;
  private final String machine;
  private final List<Figure> figures = new ArrayList<>();
  private final Map<String, String> failures = new LinkedHashMap<>();

  Report(Instant startedAt, String mode, String machine) {
    this.startedAt = startedAt;
    this.mode = mode;
    this.machine = machine;
  }

  synchronized void add(Figure figure) {
    figures.add(figure);
  }

  /** A benchmark that could not run: reported, never hidden. */
  synchronized void failed(String benchmark, Exception error) {
    failures.put(benchmark, error.toString());
  }

  synchronized List<Figure> figures() {
    return List.copyOf(figures);
  }

  synchronized String markdown() {
    var out = new StringBuilder();
    out.append("Run ")
        .append(startedAt)
        .append(", ")
        .append(mode)
        .append(" mode, ")
        .append(machine)
        .append("\n\n");
    out.append("| measure | figure | reference (same run) | ratio | target | met | how |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (Figure f : figures) {
      out.append("| ")
          .append(cell(f.measure()))
          .append(" | ")
          .append(cell(f.value()))
          .append(" | ")
          .append(cell(f.reference()))
          .append(" | ")
          .append(f.ratioText())
          .append(" | ")
          .append(cell(f.target()))
          .append(" | ")
          .append(f.met() ? "yes" : "**no**")
          .append(" | ")
          .append(cell(f.note()))
          .append(" |\n");
    }
    failures.forEach(
        (name, error) ->
            out.append("\n**").append(name).append(" did not run:** ").append(error).append('\n'));
    return out.toString();
  }

  /**
   * Writes {@code results-<time>.json} and {@code .md} into {@code directory}; returns the JSON.
   */
  synchronized Path write(Path directory) throws IOException {
    Files.createDirectories(directory);
    String stamp = startedAt.toString().replace(":", "").replaceAll("\\.\\d+", "");
    Path json = directory.resolve("results-" + stamp + ".json");
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("startedAt", startedAt.toString());
    document.put("mode", mode);
    document.put("machine", machine);
    document.put("figures", figures);
    document.put("failures", failures);
    Files.writeString(json, JSON.writeValueAsString(document), StandardCharsets.UTF_8);
    Files.writeString(
        directory.resolve("results-" + stamp + ".md"), markdown(), StandardCharsets.UTF_8);
    return json;
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }
}

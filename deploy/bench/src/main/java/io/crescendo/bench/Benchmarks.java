package io.crescendo.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs every benchmark of docs/benchmarks.md against a freshly started stack:
 *
 * <pre>
 * java -jar deploy/bench/target/crescendo-bench.jar [--quick] [--only=name,...] [--out=dir]
 * </pre>
 *
 * The load comes from this JVM, the stack runs in the launcher's processes on the same machine.
 * Results go to {@code deploy/bench/target/benchmarks/results-<time>.{json,md}}.
 */
public final class Benchmarks {

  private Benchmarks() {}

  /**
   * In the order they run: the rebuild compares against untouched read models, so it precedes the
   * bulk load.
   */
  static List<Benchmark> all() {
    return List.of(
        new ReadThroughputBenchmark(),
        new JwtCostBenchmark(),
        new PropagationBenchmark(),
        new WriteLatencyBenchmark(),
        new MixedCommandsBenchmark(),
        new RebuildBenchmark(),
        new SearchAtScaleBenchmark());
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path home = options.home();
    Report report =
        new Report(Instant.now(), options.quick() ? "quick" : "full", Machine.describe());
    Path dataDir = Files.createTempDirectory("crescendo-bench-");
    BenchContext.log("%s run; stack data in %s", options.quick() ? "quick" : "full", dataDir);
    long t0 = System.nanoTime();
    BenchStack stack = BenchStack.start(home, dataDir, BenchStack.Ports.free(), Period.ZERO);
    try (Http http = new Http()) {
      BenchContext context = new BenchContext(stack, options.quick(), http);
      ColdStart.measure(context).forEach(report::add);
      for (Benchmark benchmark : all()) {
        if (!options.selects(benchmark.name())) {
          continue;
        }
        BenchContext.log("%s ...", benchmark.name());
        long started = System.nanoTime();
        try {
          for (Figure figure : benchmark.run(context)) {
            BenchContext.log(
                "  %s: %s (reference %s)", figure.measure(), figure.value(), figure.reference());
            report.add(figure);
          }
        } catch (Exception e) {
          BenchContext.log("  %s failed: %s", benchmark.name(), e);
          e.printStackTrace(System.out);
          report.failed(benchmark.name(), e);
        }
        BenchContext.log(
            "%s done in %d s", benchmark.name(), (System.nanoTime() - started) / 1_000_000_000);
      }
      report.add(ColdStart.residentAfterRun(context));
      context.stack().close();
    } finally {
      stack.close();
      deleteTree(dataDir);
    }
    Path written = report.write(options.out());
    System.out.println();
    System.out.println(report.markdown());
    BenchContext.log(
        "whole run %d s; results in %s", (System.nanoTime() - t0) / 1_000_000_000, written);
  }

  /** Command-line options. */
  record Options(boolean quick, Set<String> only, Path out, Path home) {

    static Options parse(String[] args) {
      boolean quick = false;
      Set<String> only = Set.of();
      Path home = defaultHome();
      Path out = null;
      for (String arg : args) {
        if (arg.equals("--quick")) {
          quick = true;
        } else if (arg.startsWith("--only=")) {
          only =
              Arrays.stream(arg.substring("--only=".length()).split(","))
                  .map(String::trim)
                  .filter(s -> !s.isEmpty())
                  .collect(Collectors.toSet());
        } else if (arg.startsWith("--out=")) {
          out = Path.of(arg.substring("--out=".length()));
        } else if (arg.startsWith("--home=")) {
          home = Path.of(arg.substring("--home=".length()));
        } else {
          throw new IllegalArgumentException(
              "unknown option "
                  + arg
                  + "; use --quick, --only=<"
                  + all().stream().map(Benchmark::name).collect(Collectors.joining("|"))
                  + ">, --out=<dir>, --home=<repository root>");
        }
      }
      home = home.toAbsolutePath().normalize();
      return new Options(
          quick, only, out == null ? home.resolve("deploy/bench/target/benchmarks") : out, home);
    }

    boolean selects(String name) {
      return only.isEmpty() || only.contains(name);
    }

    /** The repository root: three levels above {@code deploy/bench/target/crescendo-bench.jar}. */
    private static Path defaultHome() {
      try {
        Path location =
            Path.of(Benchmarks.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path candidate = location.getParent().getParent().getParent().getParent();
        if (candidate != null && Files.isDirectory(candidate.resolve("deploy/local"))) {
          return candidate;
        }
      } catch (URISyntaxException | RuntimeException e) {
        // fall back to the working directory
      }
      return Path.of("");
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> paths = new ArrayList<>();
    try (var walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
    }
    for (Path path : paths) {
      Files.deleteIfExists(path);
    }
  }
}

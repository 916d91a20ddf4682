package io.crescendo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** The harness's own logic: statistics, the load driver, options and the report. */
class HarnessTest {

  @Test
  void percentilesComeFromEveryRecordedLatency() {
    Latencies latencies = new Latencies();
    for (int ms = 1; ms <= 100; ms++) {
      latencies.record(Duration.ofMillis(ms));
    }
    Latencies.Summary summary = latencies.summary();
    assertThat(summary.count()).isEqualTo(100);
    assertThat(summary.p50()).isBetween(49.9, 50.1);
    assertThat(summary.p99()).isBetween(98.9, 99.1);
    assertThat(summary.max()).isBetween(99.9, 100.1);
  }

  @Test
  void theLoadCountsSuccessesFailuresAndErrorsApart() {
    AtomicInteger sent = new AtomicInteger();
    Load.Result result =
        Load.times(
            4,
            30,
            n -> {
              sent.incrementAndGet();
              if (n % 10 == 0) {
                return Mono.error(new IllegalStateException("refused"));
              }
              return Mono.just(n % 3 == 0 ? 503 : 200);
            },
            status -> status == 200);
    assertThat(sent).hasValue(30);
    // n = 0, 10, 20 fail; 3, 6, 9, 12, 15, 18, 21, 24, 27 answer 503
    assertThat(result.failed()).isEqualTo(12);
    assertThat(result.succeeded()).isEqualTo(18);
    assertThat(result.latency().count()).isEqualTo(18);
    assertThat(result.failures())
        .containsEntry("IllegalStateException", 3L)
        .containsEntry("HTTP 503", 9L);
  }

  @Test
  void aTimedLoadRunsUntilItsTimeIsUpAndNumbersItsRequests() {
    Set<Long> numbers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Load.Result result =
        Load.run(
            2,
            Duration.ZERO,
            Duration.ofMillis(200),
            n -> {
              numbers.add(n);
              return Mono.just(200).delayElement(Duration.ofMillis(5));
            },
            status -> status == 200);
    assertThat(result.succeeded()).isPositive().isEqualTo(numbers.size());
    assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(result.perSecond()).isLessThan(1_000);
  }

  @Test
  void optionsSelectBenchmarksAndRefuseUnknownOnes() {
    var options =
        Benchmarks.Options.parse(new String[] {"--quick", "--only=jwt-cost, propagation"});
    assertThat(options.quick()).isTrue();
    assertThat(options.selects("jwt-cost")).isTrue();
    assertThat(options.selects("propagation")).isTrue();
    assertThat(options.selects("read-throughput")).isFalse();
    assertThat(Benchmarks.Options.parse(new String[0]).selects("read-throughput")).isTrue();
    assertThatThrownBy(() -> Benchmarks.Options.parse(new String[] {"--fast"}))
        .hasMessageContaining("unknown option --fast");
  }

  @Test
  void everyBenchmarkHasAUniqueName() {
    List<String> names = Benchmarks.all().stream().map(Benchmark::name).toList();
    assertThat(names).doesNotHaveDuplicates().contains("read-throughput", "mixed-commands");
  }

  @Test
  void theReportIsATableWithEveryFigureAndEveryFailure(@TempDir Path dir) throws Exception {
    Report report = new Report(Instant.parse("2026-11-25T20:00:00Z"), "quick", "2 cores");
    report.add(
        new Figure(
            "GET | throughput", "600 req/s", "1500 req/s", 0.4, "≥ 0.7", false, "32 callers"));
    report.add(Figure.withoutReference("cold start", "21 s", "≤ 30 s", true, "fresh data"));
    report.failed("rebuild", new IllegalStateException("exit 2"));

    String markdown = report.markdown();
    assertThat(markdown)
        .contains(
            "| GET \\| throughput | 600 req/s | 1500 req/s | 0.400 | ≥ 0.7 | **no** | 32 callers |")
        .contains("| cold start | 21 s | — | — | ≤ 30 s | yes | fresh data |")
        .contains("**rebuild did not run:** java.lang.IllegalStateException: exit 2");
    Path json = report.write(dir);
    assertThat(Files.readString(json)).contains("\"mode\" : \"quick\"", "\"ratio\" : 0.4");
    assertThat(json.resolveSibling(json.getFileName().toString().replace(".json", ".md")))
        .hasContent(markdown);
  }

  @Test
  void numbersAreShortAndResidentMemoryIsReadFromProc() {
    assertThat(Figure.number(1234.56)).isEqualTo("1235");
    assertThat(Figure.number(12.345)).isEqualTo("12.3");
    assertThat(Figure.number(0.41234)).isEqualTo("0.412");
    assertThat(Figure.number(Double.NaN)).isEqualTo("n/a");
    assertThat(BenchStack.parseVmRss(List.of("Name:\tjava", "VmRSS:\t  2048 kB", "Threads: 3")))
        .isEqualTo(2048 * 1024);
    assertThat(BenchStack.parseVmRss(List.of("Name:\tjava"))).isZero();
    assertThat(BenchStack.rss(ProcessHandle.current().pid())).isPositive();
  }

  @Test
  void theUserIdIsReadFromTheAccessToken() {
    String payload =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"user_uuid\":\"0b6f6c8e-9d0e-4a63-a5a4-7c1f9c3f2b11\"}".getBytes());
    assertThat(MixedCommandsBenchmark.userId("h." + payload + ".s"))
        .isEqualTo("0b6f6c8e-9d0e-4a63-a5a4-7c1f9c3f2b11");
  }
}

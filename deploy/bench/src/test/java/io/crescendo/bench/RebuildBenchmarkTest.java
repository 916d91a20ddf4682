package io.crescendo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RebuildBenchmarkTest {

  @Test
  void readsTheRatePrintedByTheCommand() {
    List<String> output =
        List.of(
            "2026-11-25T20:53:59.044Z  INFO 22049 --- [search-service] [main] i.c.s.p.rebuild"
                + ".ReadModelRebuild : Replayed 60013 records into search_rebuild_20261125_205319_423"
                + " (1570 records/s)",
            "Read-model rebuild: SWITCHED, rebuilt tables identical to the live ones",
            "  tables        public <- search_rebuild_20261125_205319_423",
            "  events        60,013 replayed in 38.306 s = 1,567 events/s (0 while writers waited)",
            "  write pause   823 ms (switch attempts: 1)",
            "  duration      41.220 s");

    RebuildBenchmark.Outcome outcome =
        RebuildBenchmark.Outcome.parse(0, Duration.ofSeconds(52), output);

    assertThat(outcome.events()).isEqualTo(60_013);
    assertThat(outcome.replaySeconds()).isEqualTo(38.306);
    assertThat(outcome.eventsPerSecond()).isBetween(1_566.0, 1_567.0);
    assertThat(outcome.outcomeLine())
        .isEqualTo("SWITCHED, rebuilt tables identical to the live ones");
    assertThat(outcome.writePauseMillis()).isEqualTo(823);
    assertThat(outcome.bulkRecordsPerSecond()).isEqualTo(1570);
    assertThat(outcome.summary())
        .contains("SWITCHED")
        .contains("write pause 823 ms")
        .contains("1570");
  }

  @Test
  void numbersInAnotherLocaleAndAMissingReport() {
    RebuildBenchmark.Outcome german =
        RebuildBenchmark.Outcome.parse(
            0,
            Duration.ofSeconds(1),
            List.of("  events        60.013 replayed in 3.000 s = 20.004 events/s (0 while ...)"));
    assertThat(german.events()).isEqualTo(60_013);
    assertThat(german.eventsPerSecond()).isBetween(20_004.0, 20_005.0);

    RebuildBenchmark.Outcome failed =
        RebuildBenchmark.Outcome.parse(1, Duration.ofSeconds(1), List.of("a", "b", "c"));
    assertThat(failed.events()).isZero();
    assertThat(failed.eventsPerSecond()).isZero();
    assertThat(failed.summary()).contains("no report: a / b / c").contains("bulk pass ?");
  }

  @Test
  void aFigurePerRunWithThePlainReadAsReference() {
    RebuildBenchmark.Outcome outcome =
        RebuildBenchmark.Outcome.parse(
            0,
            Duration.ofSeconds(9),
            List.of(
                "Read-model rebuild: SWITCHED, rebuilt tables identical to the live ones",
                "  events        60,000 replayed in 2.500 s = 24,000 events/s (0 while ...)"));
    TopicReads.Read raw = new TopicReads.Read(60_000, 1, Duration.ofMillis(600));

    Figure plain = RebuildBenchmark.figure(outcome, List.of(), raw, 55_000);
    assertThat(plain.measure()).contains("java -jar, JVM defaults");
    assertThat(plain.value()).isEqualTo("24000 events/s");
    assertThat(plain.reference()).isEqualTo("100000 events/s, plain consumer on the same topics");
    assertThat(plain.ratio()).isEqualTo(0.24);
    assertThat(plain.met()).isTrue();
    assertThat(plain.note()).contains("55,000 published synthetic, 5,000 from the earlier");

    Figure flags =
        RebuildBenchmark.figure(
            RebuildBenchmark.Outcome.parse(2, Duration.ofSeconds(9), List.of("differences")),
            RebuildBenchmark.LAUNCHER_JVM_FLAGS,
            raw,
            0);
    assertThat(flags.measure()).contains("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar");
    assertThat(flags.value()).isEqualTo("exit 2");
    assertThat(flags.ratio()).isNull();
    assertThat(flags.met()).isFalse();
  }

  @Test
  void readsEveryTopicOfSearchService() {
    assertThat(RebuildBenchmark.topics())
        .containsExactly(
            "crescendo.identity.user.v1",
            "crescendo.study.studygroup.v1",
            "crescendo.assignment.assignment.v1",
            "crescendo.assignment.submission.v1");
  }
}

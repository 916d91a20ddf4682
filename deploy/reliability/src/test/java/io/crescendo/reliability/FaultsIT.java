package io.crescendo.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crescendo.local.test.LaunchedStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults under a steady write load through the gateway ({@link WriteLoad}): a producing service
 * killed with {@code kill -9}, the broker killed and kept down, PostgreSQL crashed and restarted,
 * search-service's consumer groups reset to 0. After each, {@link Consistency}: every event of
 * every store on Kafka exactly once, the read models as the events say.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

  /** Writes accepted before each fault, and again after it (a few seconds of load each). */
  private static final int WRITES_AROUND = 100;

  /** How long the broker stays down: longer than the publishers' 15 s acknowledgement timeout. */
  private static final Duration BROKER_DOWN = Duration.ofSeconds(20);

  private static final int WORKERS = 4;
  private static final Duration PAUSE = Duration.ofMillis(20);
  private static final Duration RECOVERY = Duration.ofMinutes(3);

  private static final List<String> LINES = new ArrayList<>();
  private static final List<String> LOADS = new ArrayList<>();
  private static final List<String> REFUSALS = new ArrayList<>();

  private static Platform platform;
  private static LaunchedStack stack;

  @BeforeAll
  static void stack() {
    platform = Platform.shared();
    stack = platform.stack;
  }

  @AfterAll
  static void report() {
    List<String> lines = new ArrayList<>();
    lines.add(Consistency.HEADER);
    lines.addAll(LINES);
    lines.add("");
    lines.add("| fault | writes answered during the run (2xx / 4xx / 5xx / no answer) |");
    lines.add("|---|---|");
    lines.addAll(LOADS);
    lines.add("");
    lines.add(skippedByThePublishers());
    lines.add("");
    lines.add("First refusal of each kind and status:");
    lines.add("");
    lines.addAll(REFUSALS);
    Report.section("Faults", lines);
  }

  /**
   * What the publishers found already on Kafka when they checked before sending again (their log
   * lines, KafkaEventPublisher): the repeats exactly-once publication avoided.
   */
  private static String skippedByThePublishers() {
    Pattern checked =
        Pattern.compile("; (\\d+) of the batch's (\\d+) public events were already published");
    StringBuilder text = new StringBuilder("Publishers' checks before sending again:");
    for (String service : List.of("identity-service", "study-service", "assignment-service")) {
      long checks = 0;
      long skipped = 0;
      try (var lines = Files.lines(stack.serviceLog(service))) {
        for (String line : (Iterable<String>) lines::iterator) {
          Matcher found = checked.matcher(line);
          if (found.find()) {
            checks++;
            skipped += Long.parseLong(found.group(1));
          }
        }
      } catch (IOException | UncheckedIOException e) {
        return text + " logs not readable (" + e.getMessage() + ")";
      }
      text.append(' ')
          .append(service)
          .append(' ')
          .append(checks)
          .append(" checks, ")
          .append(skipped)
          .append(" events found already published and not sent again;");
    }
    return text.toString();
  }

  /** A producing service killed mid-load; the launcher restarts it. */
  @Order(1)
  @ParameterizedTest(name = "kill -9 {0}")
  @ValueSource(strings = {"identity-service", "study-service", "assignment-service"})
  void aKilledProducerLosesAndRepeatsNothing(String service) throws Exception {
    underLoad(
        "kill -9 " + service,
        () -> {
          stack.kill(service);
          stack.awaitRecovered(service, RECOVERY);
        });
  }

  /**
   * The broker killed mid-load and kept down for 20 seconds (longer than the publishers' 15 s
   * acknowledgement timeout, so batches in flight fail and are retried), then restarted.
   */
  @Order(2)
  @Test
  void aBrokerOutageLosesAndRepeatsNothing() throws Exception {
    underLoad(
        "kill -9 of the broker, 20 s down",
        () -> {
          stack.hold(LaunchedStack.KAFKA);
          try {
            stack.kill(LaunchedStack.KAFKA);
            Thread.sleep(BROKER_DOWN); // the outage itself, under load
          } finally {
            stack.release(LaunchedStack.KAFKA);
          }
          stack.awaitRecovered(LaunchedStack.KAFKA, RECOVERY);
        });
  }

  /** PostgreSQL crashed ({@code pg_ctl stop -m immediate}), 5 s down, started again. */
  @Order(3)
  @Test
  void servicesRecoverFromAPostgresCrashOnTheirOwn() throws Exception {
    underLoad(
        "PostgreSQL crashed, 5 s down", () -> stack.crashAndRestartPostgres(Duration.ofSeconds(5)));
  }

  /**
   * search-service killed, its consumer groups reset to offset 0 while it is down, restarted: it
   * receives every event again and the read models are exactly what they were.
   */
  @Order(4)
  @Test
  void redeliveringEverythingChangesNoReadModel() throws Exception {
    Consistency.awaitSearchCaughtUp(stack);
    Map<String, List<String>> before = Consistency.readModelSnapshot(stack);
    long redelivered;
    stack.hold("search-service");
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
      stack.kill("search-service");
      redelivered = resetToZero(admin);
    } finally {
      stack.release("search-service");
    }
    stack.awaitRecovered("search-service", RECOVERY);
    Consistency.awaitSearchCaughtUp(stack);
    Map<String, List<String>> after = Consistency.readModelSnapshot(stack);

    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach(
        (table, rows) -> assertThat(after.get(table)).as(table).containsExactlyElementsOf(rows));
    int rows = before.values().stream().mapToInt(List::size).sum();
    LINES.add(
        "| search-service killed, its 3 consumer groups reset to 0 ("
            + redelivered
            + " records delivered again) | | | | | | "
            + rows
            + " rows in "
            + before.size()
            + " tables: identical before and after | |");
  }

  /** Removes the dead consumers from search-service's groups and sets every offset to 0. */
  private static long resetToZero(Admin admin) throws Exception {
    long redelivered = 0;
    for (var group : Consistency.SEARCH_GROUPS.entrySet()) {
      Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
      for (var topic : group.getValue()) {
        for (int p = 0; p < topic.partitions(); p++) {
          zero.put(new TopicPartition(topic.name(), p), new OffsetAndMetadata(0));
        }
      }
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group.getKey())
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      redelivered += committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
      // A killed member stays in its group until its session times out: remove it, then reset
      // (refused while the group still has a member).
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .alias("reset of " + group.getKey())
          .until(
              () -> {
                removeEveryMember(admin, group.getKey());
                admin
                    .alterConsumerGroupOffsets(group.getKey(), zero)
                    .all()
                    .get(30, TimeUnit.SECONDS);
                return true;
              });
    }
    return redelivered;
  }

  private static void removeEveryMember(Admin admin, String group) {
    try {
      admin
          .removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions())
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // already empty
    }
  }

  @FunctionalInterface
  private interface Fault {
    void inject() throws Exception;
  }

  private static void underLoad(String label, Fault fault) throws Exception {
    Consistency.Verdict verdict;
    Duration back;
    WriteLoad load = WriteLoad.start(platform, WORKERS, PAUSE, Hostile.SEED);
    try {
      load.awaitAccepted(WRITES_AROUND, RECOVERY);
      fault.inject();
      long recovered = System.nanoTime();
      back = load.awaitEveryWriteAcceptedSince(recovered, RECOVERY);
      load.awaitAccepted(WRITES_AROUND, RECOVERY);
    } finally {
      load.close();
    }
    verdict = Consistency.check(stack);
    Map<String, Long> answers = load.byClass();
    LINES.add(verdict.line(label));
    LOADS.add(
        "| "
            + label
            + " | "
            + answers.getOrDefault("2xx", 0L)
            + " / "
            + answers.getOrDefault("4xx", 0L)
            + " / "
            + answers.getOrDefault("5xx", 0L)
            + " / "
            + answers.getOrDefault("no answer", 0L)
            + "; every kind of write accepted again "
            + back.toMillis()
            + " ms after the fault ended |");

    load.firstRefusals()
        .forEach(
            (kind, body) ->
                REFUSALS.add(
                    "- " + label + ": " + kind + " `" + body.replace('`', '\'').strip() + "`"));
    assertThat(verdict.exactlyOnce()).as(verdict.toString()).isTrue();
    assertThat(verdict.readModelDifferences()).as(verdict.toString()).isEmpty();
    assertThat(answers.getOrDefault("2xx", 0L)).as(load.outcomes().toString()).isPositive();
    // A dependency down is "try again" (503), never an internal error.
    assertThat(load.firstRefusals().keySet())
        .as(load.firstRefusals().toString())
        .noneMatch(kind -> kind.endsWith(" 500"));
  }
}

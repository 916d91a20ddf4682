package io.crescendo.bench;

import io.crescendo.events.TopicSpec;
import io.crescendo.events.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read-model rebuild from Kafka (docs/read-model-rebuild.md) against a plain consumer reading
 * the same topics.
 *
 * <ul>
 *   <li><b>Reference</b>: a {@code KafkaConsumer} configured as the replay's ({@code assign()},
 *       {@code read_committed}) reads every partition of the topics search-service's subscriptions
 *       read ({@link Topics#all()}) from offset 0 to the end offsets and does nothing with the
 *       records: events/s of the second of two reads (the first warms the page cache and the JIT).
 *   <li><b>Figures</b>: the operators' command as documented, {@code java -jar
 *       <home>/search-service/target/search-service.jar --crescendo.search.rebuild=true}, with the
 *       environment the launcher gives search-service ({@code SPRING_DATASOURCE_*}, {@code
 *       SPRING_R2DBC_*}, {@code CRESCENDO_KAFKA_BOOTSTRAP_SERVERS}) against the stack's database
 *       and broker while the stack keeps running; run twice, first with the JVM's defaults, then
 *       with the JIT and GC flags the launcher gives every service JVM ({@link
 *       #LAUNCHER_JVM_FLAGS}): on two cores C2 compiling Spring, Kafka and JDBC takes a good part
 *       of a rebuild that lasts seconds. The rate is the one the command prints ({@code events N
 *       replayed in T s = R events/s}: every replay pass, the one inside the switch transaction
 *       included; table copy, analyze and comparison not; the command's wall time is in the note).
 *       It must exit 0: switched, the rebuilt tables identical to the live ones.
 * </ul>
 *
 * <p><b>Enough events.</b> By the time this runs the earlier benchmarks have created a few thousand
 * studies, requests, assignments and submissions, too few for a steady rate. If the topics hold
 * fewer than {@link #EVENTS_QUICK} (quick) or {@link #EVENTS_FULL} records, the rest is published
 * straight onto the topics as well-formed contract events ({@link SyntheticHistory}: users, studies
 * with requests, members, changes, assignments, submissions, deletions with their cascades;
 * envelopes by {@code EventRecordCodec}, the services' producer settings), not through the public
 * API, which would take minutes of the run at the platform's command rate. Every consumer applies
 * them as real events, so the read models stay what the topics say; the benchmark waits until no
 * consumer group (search-service's and the other services' views) lags, so that the live tables are
 * complete and no consumer competes with the rebuild for the CPU.
 *
 * <p>Extra JVM options for the command (e.g. a flight recording) come from the system property
 * {@code crescendo.bench.rebuild.jvm-options} (space-separated).
 */
final class RebuildBenchmark implements Benchmark {

  static final long EVENTS_QUICK = 50_000;
  static final long EVENTS_FULL = 200_000;
  static final double TARGET = 20_000;
  static final String JVM_OPTIONS = "crescendo.bench.rebuild.jvm-options";

  /**
   * The JIT and GC flags the launcher gives every service JVM ({@code CrescendoLauncher}): on two
   * cores a short rebuild otherwise shares them with C2 compiling Spring, Kafka and JDBC.
   */
  static final List<String> LAUNCHER_JVM_FLAGS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private static final Duration CATCH_UP = Duration.ofMinutes(15);
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(20);
  private static final Pattern EVENTS =
      Pattern.compile(
          "events\\s+([\\d,.\\u00a0\\u202f ]+?) replayed in ([\\d.]+) s = ([\\d,.\\u00a0\\u202f ]+?)"
              + " events/s");
  private static final Pattern OUTCOME = Pattern.compile("Read-model rebuild: (.*)");
  private static final Pattern WRITE_PAUSE = Pattern.compile("write pause\\s+(\\d+) ms");
  private static final Pattern BULK =
      Pattern.compile("Replayed (\\d+) records into \\S+ \\((\\d+) records/s\\)");

  @Override
  public String name() {
    return "rebuild";
  }

  /** The topics search-service's subscriptions read. */
  static List<String> topics() {
    return Topics.all().stream().map(TopicSpec::name).toList();
  }

  @Override
  public List<Figure> run(BenchContext context) throws Exception {
    BenchStack stack = context.stack();
    String bootstrap = stack.kafkaBootstrapServers();
    List<String> topics = topics();
    long wanted = context.quick() ? EVENTS_QUICK : EVENTS_FULL;
    long present = TopicReads.total(TopicReads.endOffsets(bootstrap, topics));
    long published = 0;
    if (present < wanted) {
      long t0 = System.nanoTime();
      published = SyntheticHistory.publish(bootstrap, wanted - present, System.nanoTime());
      BenchContext.log(
          "  %,d records on the topics; published %,d synthetic events in %d ms",
          present, published, (System.nanoTime() - t0) / 1_000_000);
    }
    Duration caughtUp = TopicReads.awaitCaughtUp(bootstrap, topics, CATCH_UP);
    BenchContext.log("  every consumer group caught up after %d ms", caughtUp.toMillis());

    TopicReads.Read first = TopicReads.read(bootstrap, topics);
    TopicReads.Read raw = TopicReads.read(bootstrap, topics);
    BenchContext.log(
        "  plain consumer: %,d records (%,d bytes) in %d ms = %s/s (first read %s/s)",
        raw.records(),
        raw.bytes(),
        raw.elapsed().toMillis(),
        Figure.number(raw.perSecond()),
        Figure.number(first.perSecond()));

    List<Figure> figures = new ArrayList<>();
    for (List<String> flags : List.of(List.<String>of(), LAUNCHER_JVM_FLAGS)) {
      Outcome outcome = runCommand(stack, flags);
      BenchContext.log(
          "  rebuild command: exit %d after %d ms; %s",
          outcome.exitCode(), outcome.wall().toMillis(), outcome.summary());
      figures.add(figure(outcome, flags, raw, published));
    }
    return figures;
  }

  static Figure figure(Outcome outcome, List<String> flags, TopicReads.Read raw, long published) {
    boolean ok = outcome.exitCode() == 0 && outcome.events() > 0;
    double rate = outcome.eventsPerSecond();
    return new Figure(
        "read-model rebuild from Kafka (search-service, %s)"
            .formatted(
                flags.isEmpty()
                    ? "java -jar, JVM defaults"
                    : "java " + String.join(" ", flags) + " -jar, as the launcher runs services"),
        ok ? Figure.number(rate) + " events/s" : "exit " + outcome.exitCode(),
        Figure.number(raw.perSecond()) + " events/s, plain consumer on the same topics",
        ok ? rate / raw.perSecond() : null,
        "≥ 20 000 events/s",
        ok && rate >= TARGET,
        ("%,d records (%,d published synthetic, %,d from the earlier benchmarks), one replay"
                + " worker; rate as the command prints it (every replay pass: %s s), command wall"
                + " time %s s (JVM start, table copy, analyze, comparison, switch); %s; plain read"
                + " %s ms")
            .formatted(
                raw.records(),
                published,
                raw.records() - published,
                Figure.number(outcome.replaySeconds()),
                Figure.number(outcome.wall().toMillis() / 1000.0),
                outcome.summary(),
                raw.elapsed().toMillis()));
  }

  /** What the command printed, and how it ended. */
  record Outcome(
      int exitCode,
      Duration wall,
      long events,
      double replaySeconds,
      String outcomeLine,
      long writePauseMillis,
      long bulkRecordsPerSecond,
      List<String> tail) {

    double eventsPerSecond() {
      return replaySeconds <= 0 ? 0 : events / replaySeconds;
    }

    String summary() {
      String result = outcomeLine == null ? "no report: " + String.join(" / ", tail) : outcomeLine;
      return "%s; write pause %d ms; bulk pass %s records/s"
          .formatted(
              result,
              writePauseMillis,
              bulkRecordsPerSecond < 0 ? "?" : Figure.number(bulkRecordsPerSecond));
    }

    /** Reads the command's output. */
    static Outcome parse(int exitCode, Duration wall, List<String> lines) {
      long events = 0;
      double seconds = 0;
      String outcome = null;
      long pause = -1;
      long bulk = -1;
      for (String line : lines) {
        Matcher m = EVENTS.matcher(line);
        if (m.find()) {
          events = Long.parseLong(m.group(1).replaceAll("\\D", ""));
          seconds = Double.parseDouble(m.group(2));
        }
        m = OUTCOME.matcher(line);
        if (m.find()) {
          outcome = m.group(1).strip();
        }
        m = WRITE_PAUSE.matcher(line);
        if (m.find()) {
          pause = Long.parseLong(m.group(1));
        }
        m = BULK.matcher(line);
        if (m.find()) {
          bulk = Long.parseLong(m.group(2));
        }
      }
      List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
      return new Outcome(exitCode, wall, events, seconds, outcome, pause, bulk, List.copyOf(tail));
    }
  }

  /** Runs the rebuild command against the stack and waits for it. */
  static Outcome runCommand(BenchStack stack, List<String> flags)
      throws IOException, InterruptedException {
    Path jar = stack.home().resolve("search-service/target/search-service.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("build first: " + jar + " is missing");
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    String extra = System.getProperty(JVM_OPTIONS, "").strip();
    command.addAll(flags);
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(List.of("-jar", jar.toString(), "--crescendo.search.rebuild=true"));
    Path log = Files.createTempFile("crescendo-rebuild-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment(stack));
    BenchContext.log("  %s (output in %s)", String.join(" ", command), log);
    long t0 = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("the rebuild did not end within " + COMMAND_TIMEOUT);
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - t0);
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return Outcome.parse(process.exitValue(), wall, lines);
  }

  /** What the launcher gives search-service (CrescendoLauncher.serviceEnvironment). */
  static Map<String, String> environment(BenchStack stack) {
    String jdbc = stack.jdbcUrl("search");
    return Map.of(
        "SPRING_DATASOURCE_URL",
        jdbc,
        "SPRING_DATASOURCE_USERNAME",
        BenchStack.PG_USER,
        "SPRING_DATASOURCE_PASSWORD",
        BenchStack.PG_PASSWORD,
        "SPRING_R2DBC_URL",
        "r2dbc:" + jdbc.substring("jdbc:".length()),
        "SPRING_R2DBC_USERNAME",
        BenchStack.PG_USER,
        "SPRING_R2DBC_PASSWORD",
        BenchStack.PG_PASSWORD,
        "CRESCENDO_KAFKA_BOOTSTRAP_SERVERS",
        stack.kafkaBootstrapServers(),
        "SPRING_KAFKA_BOOTSTRAP_SERVERS",
        stack.kafkaBootstrapServers());
  }
}

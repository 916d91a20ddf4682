package io.crescendo.bench;

import io.crescendo.local.infra.FreePorts;
import io.crescendo.local.test.LaunchedStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The platform under test, started exactly as a newcomer starts it ({@code java -jar
 * deploy/local/target/crescendo-local.jar}) on free loopback ports and a fresh data directory
 * ({@link LaunchedStack}), plus what the benchmarks read about its processes.
 */
final class BenchStack implements AutoCloseable {

  static final String PG_USER = LaunchedStack.PG_USER;
  static final String PG_PASSWORD = LaunchedStack.PG_PASSWORD;

  private final LaunchedStack stack;

  /** The ports a stack keeps across restarts (its data directory refers to them). */
  record Ports(int http, int kafka, int postgres) {
    static Ports free() throws IOException {
      return new Ports(FreePorts.pick(), FreePorts.pick(), FreePorts.pick());
    }
  }

  private BenchStack(LaunchedStack stack) {
    this.stack = stack;
  }

  /** Starts the launcher and waits for its {@code Crescendo is up} line. */
  static BenchStack start(Path home, Path dataDir, Ports ports, Period clockOffset)
      throws IOException {
    return new BenchStack(
        LaunchedStack.start(
            new LaunchedStack.Settings(
                home,
                dataDir,
                new LaunchedStack.Ports(ports.http(), ports.kafka(), ports.postgres()),
                clockOffset,
                // The load comes from one address; the login limit is not what is measured.
                Map.of("CRESCENDO_AUTH_RATE_LIMIT", "1000000"))));
  }

  /** The same data and ports, every service's clock {@code offset} ahead of the real one. */
  BenchStack restart(Period offset) throws IOException, InterruptedException {
    return new BenchStack(stack.restart(offset));
  }

  /** From starting the launcher to its {@code Crescendo is up} line. */
  Duration startTime() {
    return stack.startTime();
  }

  String gatewayUrl() {
    return stack.baseUrl();
  }

  /** Where the launcher started a service, from its progress line. */
  String serviceUrl(String service) {
    return stack.serviceUrl(service);
  }

  String kafkaBootstrapServers() {
    return stack.kafkaBootstrapServers();
  }

  String jdbcUrl(String database) {
    return stack.jdbcUrl(database);
  }

  Path home() {
    return stack.home();
  }

  /** The JVM running {@code <service>.jar}, a child of the launcher. */
  ProcessHandle serviceProcess(String service) {
    String jar = service + ".jar";
    Process process = stack.process();
    return process
        .descendants()
        .filter(p -> p.info().commandLine().map(line -> line.contains(jar)).orElse(false))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no process runs " + jar));
  }

  /**
   * Resident memory of everything the launcher runs: itself (with the broker), every service JVM
   * and every PostgreSQL process of this data directory.
   */
  Map<String, Long> residentBytes() {
    Map<String, Long> rss = new LinkedHashMap<>();
    Process process = stack.process();
    String data = stack.dataDir().toString();
    Stream.concat(Stream.of(process.toHandle()), process.descendants())
        .forEach(p -> rss.merge(label(p), rss(p.pid()), Long::sum));
    ProcessHandle.allProcesses()
        .filter(p -> p.pid() != process.pid())
        .filter(p -> process.descendants().noneMatch(d -> d.pid() == p.pid()))
        .filter(p -> p.info().commandLine().map(line -> line.contains(data)).orElse(false))
        .forEach(p -> rss.merge("postgres", rss(p.pid()), Long::sum));
    return rss;
  }

  private String label(ProcessHandle handle) {
    Process process = stack.process();
    if (handle.pid() == process.pid()) {
      return "launcher + kafka";
    }
    String line = handle.info().commandLine().orElse("");
    Matcher jar = Pattern.compile("([a-z-]+)\\.jar").matcher(line);
    if (jar.find()) {
      return jar.group(1);
    }
    return line.contains("postgres") ? "postgres" : "other";
  }

  /** VmRSS from /proc (Linux); 0 where it cannot be read. */
  static long rss(long pid) {
    try {
      return parseVmRss(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  static long parseVmRss(List<String> status) {
    return status.stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .findFirst()
        .map(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024)
        .orElse(0L);
  }

  /** How far every service's clock is ahead of the real one. */
  Period clockOffset() {
    return stack.clockOffset();
  }

  /** "today" for the services: Asia/Seoul on their clock (API-v1 §1.5). */
  LocalDate today() {
    return stack.today();
  }

  /** The last lines the launcher printed, for an error report. */
  List<String> tail(int lines) {
    return stack.tail(lines);
  }

  Optional<Long> launcherPid() {
    Process process = stack.process();
    return process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
  }

  /** Ctrl-C: the launcher stops the services, then Kafka and PostgreSQL. */
  @Override
  public void close() throws InterruptedException {
    stack.close();
  }
}

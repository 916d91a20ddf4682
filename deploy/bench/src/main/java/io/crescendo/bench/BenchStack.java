package io.crescendo.bench;

import io.crescendo.local.infra.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The platform under test, started exactly as a newcomer starts it ({@code java -jar
 * deploy/local/target/crescendo-local.jar}) on free loopback ports and a fresh data directory.
 */
final class BenchStack implements AutoCloseable {

  static final String PG_USER = "postgres";
  static final String PG_PASSWORD = "postgres";

  private static final Pattern UP = Pattern.compile("Crescendo is up: (http://\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  private final Path home;
  private final Path dataDir;
  private final Ports ports;
  private final Period clockOffset;
  private final Process process;
  private final List<String> output;
  private final String baseUrl;
  private final Duration startTime;

  /** The ports a stack keeps across restarts (its data directory refers to them). */
  record Ports(int http, int kafka, int postgres) {
    static Ports free() throws IOException {
      return new Ports(FreePorts.pick(), FreePorts.pick(), FreePorts.pick());
    }
  }

  private BenchStack(
      Path home,
      Path dataDir,
      Ports ports,
      Period clockOffset,
      Process process,
      List<String> output,
      String baseUrl,
      Duration startTime) {
    this.home = home;
    this.dataDir = dataDir;
    this.ports = ports;
    this.clockOffset = clockOffset;
    this.process = process;
    this.output = output;
    this.baseUrl = baseUrl;
    this.startTime = startTime;
  }

  /** Starts the launcher and waits for its {@code Crescendo is up} line. */
  static BenchStack start(Path home, Path dataDir, Ports ports, Period clockOffset)
      throws IOException {
    Path launcher = home.resolve("deploy/local/target/crescendo-local.jar");
    if (!Files.isRegularFile(launcher)) {
      throw new IllegalStateException(
          "build first (./mvnw -B -DskipTests install): " + launcher + " is missing");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(java, "-jar", launcher.toString()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("CRESCENDO_HOME", home.toString());
    env.put("CRESCENDO_HTTP_PORT", Integer.toString(ports.http()));
    env.put("CRESCENDO_KAFKA_PORT", Integer.toString(ports.kafka()));
    env.put("CRESCENDO_PG_PORT", Integer.toString(ports.postgres()));
    env.put("CRESCENDO_DATA_DIR", dataDir.toString());
    // The load comes from one address; the login limit is not what is measured.
    env.put("CRESCENDO_AUTH_RATE_LIMIT", "1000000");
    if (!clockOffset.isZero()) {
      env.put("CRESCENDO_CLOCK_OFFSET", clockOffset.toString());
    }
    long t0 = System.nanoTime();
    Process process = builder.start();
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<String> up = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("crescendo-launcher-output")
        .start(
            () -> {
              try (var reader =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                  output.add(line);
                  Matcher matcher = UP.matcher(line);
                  if (matcher.find()) {
                    up.complete(matcher.group(1));
                  }
                }
              } catch (IOException e) {
                up.completeExceptionally(e);
              }
              up.completeExceptionally(new IllegalStateException("launcher exited"));
            });
    try {
      String baseUrl = up.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      Duration startTime = Duration.ofNanos(System.nanoTime() - t0);
      return new BenchStack(home, dataDir, ports, clockOffset, process, output, baseUrl, startTime);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "the stack did not come up: " + e.getMessage() + "\n" + String.join("\n", output), e);
    }
  }

  /** The same data and ports, every service's clock {@code offset} ahead of the real one. */
  BenchStack restart(Period offset) throws IOException, InterruptedException {
    close();
    return start(home, dataDir, ports, offset);
  }

  /** From starting the launcher to its {@code Crescendo is up} line. */
  Duration startTime() {
    return startTime;
  }

  String gatewayUrl() {
    return baseUrl;
  }

  /** Where the launcher started a service, from its progress line. */
  String serviceUrl(String service) {
    Pattern ready = Pattern.compile(Pattern.quote(service) + "\\s+ready on (http://\\S+)");
    return List.copyOf(output).stream()
        .map(ready::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(1))
        .reduce((first, last) -> last)
        .orElseThrow(() -> new IllegalStateException(service + " did not start"));
  }

  String kafkaBootstrapServers() {
    return "127.0.0.1:" + ports.kafka();
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/" + database;
  }

  Path home() {
    return home;
  }

  /** The JVM running {@code <service>.jar}, a child of the launcher. */
  ProcessHandle serviceProcess(String service) {
    String jar = service + ".jar";
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
    String data = dataDir.toString();
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
    return clockOffset;
  }

  /** "today" for the services: Asia/Seoul on their clock (API-v1 §1.5). */
  LocalDate today() {
    return LocalDate.now(ZoneId.of("Asia/Seoul")).plus(clockOffset);
  }

  /** The last lines the launcher printed, for an error report. */
  List<String> tail(int lines) {
    List<String> copy = List.copyOf(output);
    return copy.subList(Math.max(0, copy.size() - lines), copy.size());
  }

  Optional<Long> launcherPid() {
    return process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
  }

  /** Ctrl-C: the launcher stops the services, then Kafka and PostgreSQL. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}

package io.crescendo.local.test;

import io.crescendo.local.infra.FreePorts;
import io.crescendo.local.launcher.KafkaBrokerProcess;
import java.io.BufferedReader;
import java.io.File;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole platform as a newcomer starts it, driven from another process: {@code java -jar
 * deploy/local/target/crescendo-local.jar} on free loopback ports and a data directory of the
 * caller's, each service in its own JVM. Used by the black-box suites (deploy/e2e,
 * deploy/reliability) and the benchmarks (deploy/bench).
 */
public final class LaunchedStack implements AutoCloseable {

  /** PostgreSQL's user and password in the launcher's embedded server. */
  public static final String PG_USER = "postgres";

  public static final String PG_PASSWORD = "postgres";

  private static final Pattern UP = Pattern.compile("Crescendo is up: (http://\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  private final Settings settings;
  private final Process process;
  private final List<String> output;
  private final String baseUrl;
  private final Duration startTime;
  private final Map<String, Long> recoveries = new ConcurrentHashMap<>();

  /** The broker's name among the supervised components. */
  public static final String KAFKA = "kafka";

  /** The ports a stack keeps across restarts (its data directory refers to them). */
  public record Ports(int http, int kafka, int postgres) {

    /** Three ports free on 127.0.0.1 right now. */
    public static Ports free() {
      return new Ports(FreePorts.pick(), FreePorts.pick(), FreePorts.pick());
    }
  }

  /**
   * How to start the launcher.
   *
   * @param home the repository (where {@code deploy/local/target/crescendo-local.jar} and the
   *     services' jars are)
   * @param dataDir PostgreSQL data, Kafka logs and service logs
   * @param ports the public, Kafka and PostgreSQL ports
   * @param clockOffset how far every service's clock runs ahead ({@code CRESCENDO_CLOCK_OFFSET})
   * @param environment further launcher variables, e.g. {@code CRESCENDO_AUTH_RATE_LIMIT}
   */
  public record Settings(
      Path home, Path dataDir, Ports ports, Period clockOffset, Map<String, String> environment) {

    public Settings {
      home = home.toAbsolutePath().normalize();
      environment = Map.copyOf(environment);
    }

    /** Fresh ports, the real clock, no further variables. */
    public static Settings of(Path home, Path dataDir) {
      return new Settings(home, dataDir, Ports.free(), Period.ZERO, Map.of());
    }

    public Settings withClockOffset(Period offset) {
      return new Settings(home, dataDir, ports, offset, environment);
    }

    public Settings with(String variable, String value) {
      Map<String, String> more = new LinkedHashMap<>(environment);
      more.put(variable, value);
      return new Settings(home, dataDir, ports, clockOffset, more);
    }

    /** The launcher's variables, ours last. */
    Map<String, String> launcherEnvironment() {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("CRESCENDO_HOME", home.toString());
      env.put("CRESCENDO_HTTP_PORT", Integer.toString(ports.http()));
      env.put("CRESCENDO_KAFKA_PORT", Integer.toString(ports.kafka()));
      env.put("CRESCENDO_PG_PORT", Integer.toString(ports.postgres()));
      env.put("CRESCENDO_DATA_DIR", dataDir.toString());
      if (!clockOffset.isZero()) {
        env.put("CRESCENDO_CLOCK_OFFSET", clockOffset.toString());
      }
      env.putAll(environment);
      return env;
    }
  }

  private LaunchedStack(
      Settings settings, Process process, List<String> output, String baseUrl, Duration startTime) {
    this.settings = settings;
    this.process = process;
    this.output = output;
    this.baseUrl = baseUrl;
    this.startTime = startTime;
  }

  /**
   * The repository root named by the system property {@code crescendo.home} (the suites' Maven
   * configuration sets it), else two levels up from the working directory (a module in deploy/).
   */
  public static Path defaultHome() {
    return Path.of(System.getProperty("crescendo.home", "../..")).toAbsolutePath().normalize();
  }

  /** Starts the launcher and waits for its {@code Crescendo is up} line (at most 4 minutes). */
  public static LaunchedStack start(Settings settings) throws IOException {
    Path launcher = settings.home().resolve("deploy/local/target/crescendo-local.jar");
    if (!Files.isRegularFile(launcher)) {
      throw new IllegalStateException(
          "build first (./mvnw -B -DskipTests package): " + launcher + " is missing");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(java, "-jar", launcher.toString()).redirectErrorStream(true);
    builder.environment().putAll(settings.launcherEnvironment());
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
      return new LaunchedStack(
          settings, process, output, baseUrl, Duration.ofNanos(System.nanoTime() - t0));
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "the stack did not come up: " + e.getMessage() + "\n" + String.join("\n", output), e);
    }
  }

  /**
   * Stops this stack and starts it again on the same data and ports, clocks {@code offset} ahead.
   */
  public LaunchedStack restart(Period offset) throws IOException, InterruptedException {
    close();
    return start(settings.withClockOffset(offset));
  }

  public Settings settings() {
    return settings;
  }

  /** The gateway's public origin, e.g. {@code http://localhost:8080}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** From starting the launcher to its {@code Crescendo is up} line. */
  public Duration startTime() {
    return startTime;
  }

  /**
   * Where the launcher started a service, from its progress line ({@code <name> ready on <url>}).
   */
  public String serviceUrl(String service) {
    Pattern ready = Pattern.compile(Pattern.quote(service) + "\\s+ready on (http://\\S+)");
    return output().stream()
        .map(ready::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(1))
        .reduce((first, last) -> last)
        .orElseThrow(() -> new IllegalStateException(service + " did not start"));
  }

  /** A service's log file in the launcher's data directory. */
  public Path serviceLog(String service) {
    return settings.dataDir().resolve("logs").resolve(service + ".log");
  }

  public Path home() {
    return settings.home();
  }

  public Path dataDir() {
    return settings.dataDir();
  }

  /** How far every service's clock is ahead of the real one (CRESCENDO_CLOCK_OFFSET). */
  public Period clockOffset() {
    return settings.clockOffset();
  }

  /** "today" for the services: the date in Asia/Seoul on their clock (API-v1 §1.5). */
  public LocalDate today() {
    return LocalDate.now(ZoneId.of("Asia/Seoul")).plus(settings.clockOffset());
  }

  public String kafkaBootstrapServers() {
    return "127.0.0.1:" + settings.ports().kafka();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + settings.ports().postgres() + "/" + database;
  }

  /** Everything the launcher printed so far. */
  public List<String> output() {
    return List.copyOf(output);
  }

  /** The last lines the launcher printed, for an error report. */
  public List<String> tail(int lines) {
    List<String> copy = output();
    return copy.subList(Math.max(0, copy.size() - lines), copy.size());
  }

  /** The launcher's own process (the services and PostgreSQL are its descendants). */
  public Process process() {
    return process;
  }

  /**
   * The process of a component the launcher supervises: a service's JVM by its name, or {@code
   * kafka} (the broker's JVM).
   */
  public ProcessHandle component(String name) {
    String marker =
        name.equals(KAFKA) ? KafkaBrokerProcess.class.getName() : File.separator + name + ".jar";
    return process
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(line -> line.contains(marker)).orElse(false))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(name + " is not running"));
  }

  /**
   * {@code kill -9} of a supervised component; the launcher restarts it (unless {@link #hold
   * held}). {@link #awaitRecovered} waits for that.
   */
  public long kill(String name) throws InterruptedException {
    ProcessHandle target = component(name);
    recoveries.put(name, count(name + " is healthy again"));
    target.destroyForcibly();
    if (!target.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join().equals(target)) {
      throw new IllegalStateException(name + " (pid " + target.pid() + ") survived kill -9");
    }
    return target.pid();
  }

  /** Waits until the launcher reports a component killed by {@link #kill} healthy again. */
  public void awaitRecovered(String name, Duration timeout) throws InterruptedException {
    long before = recoveries.getOrDefault(name, 0L);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count(name + " is healthy again") <= before) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name + " did not recover in " + timeout + ":\n" + String.join("\n", tail(20)));
      }
      Thread.sleep(200);
    }
  }

  /** From now on, a component that exits stays down until {@link #release}d. */
  public void hold(String name) throws IOException {
    Path file = holdFile(name);
    Files.createDirectories(file.getParent());
    if (!Files.exists(file)) {
      Files.createFile(file);
    }
  }

  public void release(String name) throws IOException {
    Files.deleteIfExists(holdFile(name));
  }

  private Path holdFile(String name) {
    return dataDir().resolve("hold").resolve(name);
  }

  private long count(String text) {
    return output().stream().filter(line -> line.contains(text)).count();
  }

  /**
   * Stops PostgreSQL as a crash would ({@code pg_ctl stop -m immediate}: no shutdown checkpoint,
   * WAL recovery at the next start), keeps it down for {@code downtime}, and starts it again with
   * the options it ran with. The services are not told; they must recover on their own.
   */
  public void crashAndRestartPostgres(Duration downtime) throws IOException, InterruptedException {
    Path data = dataDir().resolve("postgres");
    long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    Path bin =
        Path.of(
                ProcessHandle.of(pid)
                    .flatMap(p -> p.info().command())
                    .orElseThrow(() -> new IllegalStateException("PostgreSQL is not running")))
            .getParent();
    // The options it was started with: postmaster.opts is `<postgres> "-D" "<dir>" "-p" ...`.
    List<String> options = new ArrayList<>();
    Matcher quoted =
        Pattern.compile("\"([^\"]*)\"").matcher(Files.readString(data.resolve("postmaster.opts")));
    while (quoted.find()) {
      options.add(quoted.group(1));
    }
    int dataOption = options.indexOf("-D");
    if (dataOption >= 0) {
      options.subList(dataOption, dataOption + 2).clear();
    }
    pgCtl(bin, "stop", "-D", data.toString(), "-m", "immediate", "-w", "-t", "60");
    Thread.sleep(downtime.toMillis());
    pgCtl(
        bin,
        "start",
        "-D",
        data.toString(),
        "-w",
        "-t",
        "120",
        "-l",
        dataDir().resolve("logs").resolve("postgres.log").toString(),
        "-o",
        String.join(" ", options));
  }

  /** pg_ctl refuses to run as root: the launcher's PostgreSQL runs in a user namespace then. */
  private static void pgCtl(Path bin, String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.add(bin.resolve("pg_ctl").toString());
    command.addAll(List.of(arguments));
    Process pgCtl = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(pgCtl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (pgCtl.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
  }

  /** Ctrl-C: the launcher stops the services, then Kafka and PostgreSQL. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Deletes a stopped stack's data directory (~80 MB per run), so that /tmp keeps no trace. */
  public void deleteData() throws IOException {
    Path root = settings.dataDir();
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}

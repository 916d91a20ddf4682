package io.crescendo.e2e;

import io.crescendo.local.infra.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole platform as a newcomer starts it: {@code java -jar deploy/local/target/crescendo-local
 * .jar}, on free ports and a fresh data directory, each service in its own JVM.
 */
final class LocalStack implements AutoCloseable {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static final Pattern UP = Pattern.compile("Crescendo is up: (http://\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  private final Path dataDir;
  private final Process process;
  private final List<String> output;
  private final String baseUrl;
  private final int kafkaPort;
  private final Period clockOffset;

  private LocalStack(
      Path dataDir,
      Process process,
      List<String> output,
      String baseUrl,
      int kafkaPort,
      Period clockOffset) {
    this.dataDir = dataDir;
    this.process = process;
    this.output = output;
    this.baseUrl = baseUrl;
    this.kafkaPort = kafkaPort;
    this.clockOffset = clockOffset;
  }

  private static LocalStack shared;

  /** One stack for every test class of the run (it takes ~20 s to start), stopped at JVM exit. */
  static synchronized LocalStack shared() throws IOException {
    if (shared == null) {
      Path dataDir = Files.createTempDirectory("crescendo-e2e-");
      LocalStack stack = start(dataDir);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      shared.close();
                      deleteTree(shared.dataDir);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    } catch (IOException e) {
                      System.err.println("could not delete " + shared.dataDir + ": " + e);
                    }
                  }));
      shared = stack;
    }
    return shared;
  }

  /** The stack's data (PostgreSQL, Kafka, logs), ~80 MB per run: not left behind in /tmp. */
  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  static LocalStack start(Path dataDir) throws IOException {
    return start(dataDir, Period.ZERO);
  }

  /**
   * The shared stack stopped and started again on the same data, with every service's clock shifted
   * by {@code clockOffset} (CRESCENDO_CLOCK_OFFSET), as a demo "a few days later" does.
   */
  static synchronized LocalStack restartShared(Period clockOffset)
      throws IOException, InterruptedException {
    LocalStack current = shared();
    current.close();
    shared = start(current.dataDir, clockOffset);
    return shared;
  }

  private static LocalStack start(Path dataDir, Period clockOffset) throws IOException {
    Path home = Path.of(System.getProperty("crescendo.home", "../..")).toAbsolutePath().normalize();
    Path launcher = home.resolve("deploy/local/target/crescendo-local.jar");
    if (!Files.isRegularFile(launcher)) {
      throw new IllegalStateException("build first: " + launcher + " is missing");
    }
    int httpPort = FreePorts.pick();
    int kafkaPort = FreePorts.pick();
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(java, "-jar", launcher.toString()).redirectErrorStream(true);
    if (!clockOffset.isZero()) {
      builder.environment().put("CRESCENDO_CLOCK_OFFSET", clockOffset.toString());
    }
    builder
        .environment()
        .putAll(
            Map.of(
                "CRESCENDO_HOME", home.toString(),
                "CRESCENDO_HTTP_PORT", Integer.toString(httpPort),
                "CRESCENDO_KAFKA_PORT", Integer.toString(kafkaPort),
                "CRESCENDO_PG_PORT", Integer.toString(FreePorts.pick()),
                "CRESCENDO_DATA_DIR", dataDir.toString(),
                // Black-box suites create many accounts from one address.
                "CRESCENDO_AUTH_RATE_LIMIT", "1000"));
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
      return new LocalStack(dataDir, process, output, baseUrl, kafkaPort, clockOffset);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "the stack did not come up: " + e.getMessage() + "\n" + String.join("\n", output), e);
    }
  }

  String baseUrl() {
    return baseUrl;
  }

  /**
   * Where the launcher started a service, from its progress line ({@code <name> ready on <url>}).
   */
  String serviceUrl(String service) {
    Pattern ready = Pattern.compile(Pattern.quote(service) + "\\s+ready on (http://\\S+)");
    return output().stream()
        .map(ready::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(1))
        .reduce((first, last) -> last)
        .orElseThrow(() -> new IllegalStateException(service + " did not start"));
  }

  /** A service's log file in the launcher's data directory. */
  Path serviceLog(String service) {
    return dataDir.resolve("logs").resolve(service + ".log");
  }

  /** How far every service's clock is ahead of the real one (CRESCENDO_CLOCK_OFFSET). */
  Period clockOffset() {
    return clockOffset;
  }

  /** "today" for the services: the date in Asia/Seoul on their clock (API-v1 §1.5). */
  LocalDate today() {
    return LocalDate.now(ZoneId.of("Asia/Seoul")).plus(clockOffset);
  }

  /** A JSON call through the gateway, as the frontend makes it. */
  HttpResponse<String> send(String method, String path, Map<String, ?> body, String bearer)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  String kafkaBootstrapServers() {
    return "127.0.0.1:" + kafkaPort;
  }

  List<String> output() {
    return List.copyOf(output);
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

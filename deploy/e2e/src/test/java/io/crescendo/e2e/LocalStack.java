package io.crescendo.e2e;

import io.crescendo.local.test.LaunchedStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole platform as a newcomer starts it ({@link LaunchedStack}: {@code java -jar
 * deploy/local/target/crescendo-local.jar} on free ports and a fresh data directory, each service
 * in its own JVM), shared by every test class of the run, plus the JSON calls the tests make.
 */
final class LocalStack implements AutoCloseable {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final LaunchedStack stack;

  private LocalStack(LaunchedStack stack) {
    this.stack = stack;
  }

  private static LocalStack shared;

  /** One stack for every test class of the run (it takes ~20 s to start), stopped at JVM exit. */
  static synchronized LocalStack shared() throws IOException {
    if (shared == null) {
      shared = start(Files.createTempDirectory("crescendo-e2e-"));
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      shared.close();
                      shared.stack.deleteData();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    } catch (IOException e) {
                      System.err.println("could not delete " + shared.stack.dataDir() + ": " + e);
                    }
                  }));
    }
    return shared;
  }

  static LocalStack start(Path dataDir) throws IOException {
    return new LocalStack(
        LaunchedStack.start(
            LaunchedStack.Settings.of(LaunchedStack.defaultHome(), dataDir)
                // Black-box suites create many accounts from one address.
                .with("CRESCENDO_AUTH_RATE_LIMIT", "1000")));
  }

  /**
   * The shared stack stopped and started again on the same data, with every service's clock shifted
   * by {@code clockOffset} (CRESCENDO_CLOCK_OFFSET), as a demo "a few days later" does.
   */
  static synchronized LocalStack restartShared(Period clockOffset)
      throws IOException, InterruptedException {
    LocalStack current = shared();
    shared = new LocalStack(current.stack.restart(clockOffset));
    return shared;
  }

  String baseUrl() {
    return stack.baseUrl();
  }

  /**
   * Where the launcher started a service, from its progress line ({@code <name> ready on <url>}).
   */
  String serviceUrl(String service) {
    return stack.serviceUrl(service);
  }

  /** A service's log file in the launcher's data directory. */
  Path serviceLog(String service) {
    return stack.serviceLog(service);
  }

  /** How far every service's clock is ahead of the real one (CRESCENDO_CLOCK_OFFSET). */
  Period clockOffset() {
    return stack.clockOffset();
  }

  /** "today" for the services: the date in Asia/Seoul on their clock (API-v1 §1.5). */
  LocalDate today() {
    return stack.today();
  }

  /** A JSON call through the gateway, as the frontend makes it. */
  HttpResponse<String> send(String method, String path, Map<String, ?> body, String bearer)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
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
    return stack.kafkaBootstrapServers();
  }

  List<String> output() {
    return stack.output();
  }

  /** Ctrl-C: the launcher stops the services, then Kafka and PostgreSQL. */
  @Override
  public void close() throws InterruptedException {
    stack.close();
  }
}

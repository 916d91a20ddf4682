package io.crescendo.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crescendo.events.Topics;
import io.crescendo.local.test.TopicReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees: one trace id from the client's {@code traceparent} through the gateway,
 * the write service, the Kafka record and the projection's log line; Prometheus metrics with the
 * publisher's and the read models' lag on every service; the gateway's on its management port only.
 */
class ObservabilityIT {

  @Test
  void aTraceIdFollowsAWriteFromTheGatewayToTheReadModel() throws Exception {
    LocalStack stack = LocalStack.shared();
    HexFormat hex = HexFormat.of();
    String traceId = hex.formatHex(randomBytes(16));
    String email = "trace-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String body =
        LocalStack.JSON.writeValueAsString(
            Map.of("email", email, "password", "correct horse battery", "username", "tracer"));
    HttpResponse<String> signedUp =
        LocalStack.HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/api/v1/auth/signup/"))
                .header("Content-Type", "application/json")
                .header(
                    "traceparent", "00-" + traceId + "-" + hex.formatHex(randomBytes(8)) + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signedUp.statusCode()).as(signedUp.body()).isEqualTo(201);

    // On Kafka: the UserRegistered record carries the same trace.
    List<ConsumerRecord<String, byte[]>> records =
        TopicReader.readUntil(
            stack.kafkaBootstrapServers(),
            Topics.IDENTITY_USER.name(),
            read -> read.stream().anyMatch(r -> traceparent(r).contains(traceId)),
            Duration.ofSeconds(30));
    assertThat(records).anyMatch(r -> traceparent(r).contains(traceId));

    // In the logs of the write service and of the projection that applied it.
    for (String service : List.of("identity-service", "search-service")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(Files.readString(stack.serviceLog(service), StandardCharsets.UTF_8))
                      .as(service + " log")
                      .contains(traceId));
    }
  }

  @Test
  void everyServiceExportsPrometheusMetricsWithItsLag() throws Exception {
    LocalStack stack = LocalStack.shared();
    for (String service :
        List.of("identity-service", "study-service", "assignment-service", "search-service")) {
      String metrics = get(stack.serviceUrl(service) + "/actuator/prometheus");
      assertThat(metrics).as(service).contains("jvm_memory_used_bytes");
      if (!service.equals("search-service")) {
        assertThat(metrics).as(service).contains("crescendo_publisher_lag_events");
      }
      if (!service.equals("identity-service")) {
        assertThat(metrics).as(service).contains("crescendo_consumer_lag_records{");
      }
    }
    assertThat(get(stack.serviceUrl("search-service") + "/actuator/prometheus"))
        .contains("subscription=\"search-service.studies\"")
        .contains("subscription=\"search-service.assignments\"");
    assertThat(get(gatewayManagementUrl(stack) + "/actuator/prometheus"))
        .contains("http_server_requests_seconds");
  }

  @Test
  void theGatewaysActuatorIsNotOnThePublicPort() throws Exception {
    LocalStack stack = LocalStack.shared();
    for (String path : List.of("/actuator/prometheus", "/actuator/health")) {
      HttpResponse<String> response = send(stack.baseUrl() + path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.body()).as(path).contains("\"detail\"");
    }
    assertThat(get(gatewayManagementUrl(stack) + "/actuator/health")).contains("\"UP\"");
  }

  /**
   * The gateway's actuator, from the launcher's progress line ({@code ... and management on
   * <url>}).
   */
  private static String gatewayManagementUrl(LocalStack stack) {
    Pattern line = Pattern.compile("gateway\\s+ready on \\S+ and management on (http://\\S+)");
    return stack.output().stream()
        .map(line::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(1))
        .reduce((first, last) -> last)
        .orElseThrow(() -> new IllegalStateException("no management port for the gateway"));
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response = send(url);
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }

  private static HttpResponse<String> send(String url) throws Exception {
    return LocalStack.HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String traceparent(ConsumerRecord<String, byte[]> record) {
    var header = record.headers().lastHeader("traceparent");
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    bytes[0] |= 1; // never all zero (an invalid trace id)
    return bytes;
  }
}

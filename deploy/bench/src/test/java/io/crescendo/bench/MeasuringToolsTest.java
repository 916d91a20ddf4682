package io.crescendo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.crescendo.local.test.CrescendoInfrastructure;
import io.crescendo.local.test.CrescendoInfrastructureExtension;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The harness's HTTP client and its Kafka reference, against a real server and a real broker. */
@CrescendoInfrastructure
class MeasuringToolsTest {

  private final List<String> received = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private Http http;
  private PlatformClient api;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + " "
                  + body);
          String path = exchange.getRequestURI().getPath();
          int status = path.endsWith("/signup/") ? 201 : path.endsWith("/studies/") ? 400 : 200;
          byte[] answer =
              (path.endsWith("/signup/") ? "{\"access\":\"a.b.c\"}" : "{\"detail\":\"no\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
    http = new Http();
    api = new PlatformClient(http, "http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stopServer() {
    http.close();
    server.stop(0);
  }

  @Test
  void callsCarryJsonAndTheBearerToken() {
    PlatformClient.User user = api.signUp("kim").block();
    assertThat(user.token()).isEqualTo("a.b.c");
    assertThat(user.email()).startsWith("kim-").endsWith("@bench.local");
    assertThat(received.getFirst())
        .startsWith("POST /api/v1/auth/signup/ null {")
        .contains("\"username\":\"kim\"");

    Http.Answer refused = api.createStudy("a.b.c", "스터디", LocalDate.of(2026, 11, 26), 5).block();
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("detail").asString()).isEqualTo("no");
    assertThat(received.getLast())
        .startsWith("POST /api/v1/studygroup/studies/ Bearer a.b.c {")
        .contains("\"deadline\":\"2026-11-27\"", "\"start_date\":\"2026-11-28\"", "스터디");
    assertThatThrownBy(() -> PlatformClient.expect(refused, 201))
        .hasMessageContaining("expected HTTP 201 but got 400");
  }

  @Test
  void theKafkaReferenceTimesEveryRecordRoundTrip() throws Exception {
    String bootstrap =
        System.getProperty(CrescendoInfrastructureExtension.CRESCENDO_KAFKA_BOOTSTRAP_SERVERS);
    Latencies.Summary roundTrip = PropagationBenchmark.kafkaRoundTrip(bootstrap, 50);
    assertThat(roundTrip.count()).isEqualTo(50);
    assertThat(roundTrip.p50()).isPositive().isLessThan(roundTrip.max() + 0.001);
  }
}

package io.crescendo.events.health;

import io.crescendo.events.health.testapp.HealthTestApplication;
import io.crescendo.local.infra.FreePorts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A service's health while no broker answers: {@code /actuator/health} is DOWN and says why, but
 * the pod stays ready and alive (the event store is the outbox; see {@link
 * KafkaHealthAutoConfiguration}).
 */
@SpringBootTest(classes = HealthTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
class KafkaOutageHealthEndpointTest {

  private static final String NOBODY = "127.0.0.1:" + FreePorts.pick();

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    registry.add("crescendo.kafka.bootstrap-servers", () -> NOBODY);
  }

  @Autowired WebTestClient http;

  @Test
  void healthIsDownWithTheReason() {
    http.get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("DOWN")
        .jsonPath("$.components.kafka.status")
        .isEqualTo("DOWN")
        .jsonPath("$.components.kafka.details.bootstrapServers")
        .isEqualTo(NOBODY)
        .jsonPath("$.components.kafka.details.error")
        .value(
            error ->
                org.assertj.core.api.Assertions.assertThat((String) error)
                    .startsWith("no answer from Kafka within 2000 ms"));
  }

  /** Were kafka in either probe group, the group would be DOWN (503) here. */
  @Test
  void thePodStaysReadyAndAlive() {
    for (String probe : new String[] {"readiness", "liveness"}) {
      http.get()
          .uri("/actuator/health/" + probe)
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo("UP");
    }
  }
}

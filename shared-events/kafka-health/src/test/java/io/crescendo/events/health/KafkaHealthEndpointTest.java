package io.crescendo.events.health;

import io.crescendo.events.health.testapp.HealthTestApplication;
import io.crescendo.local.test.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A service's {@code /actuator/health} with the broker up: {@code kafka} is there, with details.
 */
@SpringBootTest(classes = HealthTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
class KafkaHealthEndpointTest {

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    registry.add(
        "crescendo.kafka.bootstrap-servers",
        () -> TestInfrastructure.shared().kafkaBootstrapServers());
  }

  @Autowired WebTestClient http;

  @Test
  void healthShowsTheCluster() {
    http.get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.components.kafka.status")
        .isEqualTo("UP")
        .jsonPath("$.components.kafka.details.clusterId")
        .isNotEmpty()
        .jsonPath("$.components.kafka.details.nodes")
        .isEqualTo(1);
  }
}

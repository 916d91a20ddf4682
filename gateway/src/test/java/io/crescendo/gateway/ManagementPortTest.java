package io.crescendo.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Actuator is on the management port only ({@code management.server.port}): probes and scrapes
 * reach it there, while the public port knows no {@code /actuator} path.
 */
class ManagementPortTest extends GatewayTestSupport {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/actuator/prometheus",
        "/actuator/health",
        "/actuator/health/readiness",
        "/actuator/info",
        "/actuator"
      })
  void thePublicPortHasNoActuator(String path) {
    client
        .get()
        .uri(path)
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType("application/json")
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
  }

  @Test
  void theManagementPortServesPrometheus() {
    client.get().uri("/api/v1/studygroup/studies/").exchange().expectStatus().isOk();

    String metrics =
        management()
            .get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();

    assertThat(managementPort).isNotEqualTo(port);
    assertThat(metrics)
        .contains("jvm_memory_used_bytes")
        .contains("http_server_requests_seconds")
        .contains("application=\"gateway\"");
  }

  @Test
  void theManagementPortAnswersTheProbes() {
    management()
        .get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components.diskSpace.details")
        .exists();
    for (String probe : new String[] {"liveness", "readiness"}) {
      management()
          .get()
          .uri("/actuator/health/" + probe)
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo("UP");
    }
  }

  private WebTestClient management() {
    return WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + managementPort)
        .responseTimeout(Duration.ofSeconds(15))
        .build();
  }
}

package io.crescendo.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

class RequestSizeTest extends GatewayTestSupport {

  @Test
  void aBodyAsLargeAsTheLargestUploadPasses() {
    client
        .post()
        .uri("/api/v1/studygroup/studies/")
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .bodyValue(new byte[5 * 1024 * 1024 + 64 * 1024])
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.service")
        .isEqualTo("study");
  }

  @Test
  void aLargerBodyIsRefusedWith413BeforeItReachesTheService() {
    int before = STUDY.hits("/api/v1/studygroup/studies/");
    // A connection of its own: the 413 arrives while the client is still sending, and the shared
    // client pool would otherwise reuse that half-written connection for another test.
    WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
        .baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(Duration.ofSeconds(15))
        .build()
        .post()
        .uri("/api/v1/studygroup/studies/")
        .header("Origin", FRONTEND)
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .bodyValue(new byte[7 * 1024 * 1024])
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
        .expectHeader()
        .valueEquals("Access-Control-Allow-Origin", FRONTEND)
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
    assertThat(STUDY.hits("/api/v1/studygroup/studies/")).isEqualTo(before);
  }
}

package io.crescendo.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

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
    client
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

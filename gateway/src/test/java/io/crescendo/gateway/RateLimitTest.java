package io.crescendo.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** API-v1 §1.4: 429 with Retry-After on sign-up and logins (limit 5 per minute in tests). */
class RateLimitTest extends GatewayTestSupport {

  @Test
  void loginsPastTheLimitGet429WithRetryAfter() {
    String[] paths = {
      "/api/v1/auth/login/",
      "/api/v1/auth/login",
      "/api/v1/auth/signup/",
      "/api/v1/auth/login/google/",
      "/api/v1/auth/login/refresh"
    };
    for (String path : paths) {
      client.post().uri(path).bodyValue("{}").exchange().expectStatus().isOk();
    }
    client
        .post()
        .uri("/api/v1/auth/login/refresh/")
        .header(HttpHeaders.ORIGIN, FRONTEND)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .value(
            HttpHeaders.RETRY_AFTER,
            retryAfter -> assertThat(Integer.parseInt(retryAfter)).isBetween(1, 60))
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, FRONTEND)
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
  }

  @Test
  void otherRequestsAreNotLimited() {
    for (int i = 0; i < 8; i++) {
      client.post().uri("/api/v1/auth/logout/").bodyValue("{}").exchange().expectStatus().isOk();
      client.get().uri("/api/v1/auth/login/").exchange().expectStatus().isOk();
    }
  }
}

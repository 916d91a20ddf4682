package io.crescendo.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** API-v1 §1.7: CORS answered by the gateway, on errors too. */
class CorsTest extends GatewayTestSupport {

  @Test
  void aPreflightFromTheFrontendIsAnsweredByTheGateway() {
    client
        .options()
        .uri("/api/v1/studygroup/studies/6f1c2a3e-0000-4000-8000-000000000001/")
        .header(HttpHeaders.ORIGIN, FRONTEND)
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PUT")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, FRONTEND)
        .expectHeader()
        .value(
            HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS,
            methods -> assertThat(methods).contains("GET", "POST", "PUT", "PATCH", "DELETE"))
        .expectHeader()
        .value(
            HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
            headers -> assertThat(headers.toLowerCase()).contains("authorization", "content-type"))
        .expectHeader()
        .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS)
        .expectBody()
        .isEmpty();
  }

  @Test
  void aPreflightFromAnotherOriginIsRefused() {
    client
        .options()
        .uri("/api/v1/studygroup/studies/")
        .header(HttpHeaders.ORIGIN, "https://evil.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
  }

  @Test
  void a401CarriesCorsHeaders() {
    client
        .get()
        .uri("/api/v1/auth/profiles/me/")
        .header(HttpHeaders.ORIGIN, FRONTEND)
        .header(HttpHeaders.AUTHORIZATION, "Bearer expired.or.garbage")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, FRONTEND)
        .expectBody()
        .jsonPath("$.messages[0].token_type")
        .isEqualTo("access");
  }

  @Test
  void a404CarriesCorsHeaders() {
    client
        .get()
        .uri("/api/v1/nowhere/")
        .header(HttpHeaders.ORIGIN, FRONTEND)
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, FRONTEND)
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
  }

  @Test
  void theServicesOwnCorsHeadersAreReplacedByTheGateways() {
    client
        .get()
        .uri("/api/v1/studygroup/categories/")
        .header(HttpHeaders.ORIGIN, FRONTEND)
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .values(
            HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN,
            values -> assertThat(values).containsExactly(FRONTEND));
  }
}

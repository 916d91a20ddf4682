package io.crescendo.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** {@code GET /asyncapi.yaml}: the events' contract, from the gateway, to anyone. */
class AsyncApiRouteTest extends GatewayTestSupport {

  @Test
  void theContractsDocumentIsServedAnonymouslyAsCacheableUtf8Yaml() throws Exception {
    byte[] contract = new ClassPathResource("asyncapi.yaml").getContentAsByteArray();

    byte[] served =
        client
            .get()
            .uri("/asyncapi.yaml")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentType("application/yaml;charset=UTF-8")
            .expectHeader()
            .valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=300, public")
            .expectHeader()
            .value(HttpHeaders.ETAG, etag -> assertThat(etag).matches("\"[0-9a-f]{32}\""))
            .expectBody(byte[].class)
            .returnResult()
            .getResponseBody();

    assertThat(served).isEqualTo(contract);
    assertThat(new String(served, StandardCharsets.UTF_8))
        .startsWith("# Public events of Crescendo on Kafka.")
        .contains("asyncapi: 3.0.0", "address: crescendo.identity.user.v1");
  }

  @Test
  void aClientThatHasItIsToldNotModified() {
    String etag =
        client
            .get()
            .uri("/asyncapi.yaml")
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(byte[].class)
            .getResponseHeaders()
            .getETag();

    for (String ifNoneMatch : new String[] {etag, "W/" + etag, "\"other\", " + etag}) {
      client
          .get()
          .uri("/asyncapi.yaml")
          .header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch)
          .exchange()
          .expectStatus()
          .isNotModified()
          .expectHeader()
          .valueEquals(HttpHeaders.ETAG, etag)
          .expectHeader()
          .valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=300, public")
          .expectBody()
          .isEmpty();
    }
    client
        .get()
        .uri("/asyncapi.yaml")
        .header(HttpHeaders.IF_NONE_MATCH, "\"an-older-document\"")
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void browsersOfTheFrontendMayFetchIt() {
    client
        .get()
        .uri("/asyncapi.yaml")
        .header(HttpHeaders.ORIGIN, FRONTEND)
        .accept(MediaType.ALL)
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, FRONTEND);
  }

  @Test
  void headAnswersTheHeadersWithoutTheBody() {
    client
        .head()
        .uri("/asyncapi.yaml")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentType("application/yaml;charset=UTF-8")
        .expectHeader()
        .exists(HttpHeaders.ETAG)
        .expectBody()
        .isEmpty();
  }

  @Test
  void itIsReadOnly() {
    client
        .post()
        .uri("/asyncapi.yaml")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
  }
}

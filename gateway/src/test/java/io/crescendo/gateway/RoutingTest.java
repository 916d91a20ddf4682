package io.crescendo.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;

/** Method + path routing (ARCHITECTURE.md, "Gateway"); both slash variants, no redirect. */
class RoutingTest extends GatewayTestSupport {

  static final String S = "/api/v1/studygroup/studies/6f1c2a3e-0000-4000-8000-000000000001";
  static final String A = S + "/assignments/7";

  static Stream<Arguments> routes() {
    Stream<Arguments> canonical =
        Stream.of(
            Arguments.of("POST", "/api/v1/auth/login/google/", "identity"),
            Arguments.of("POST", "/api/v1/auth/signup/", "identity"),
            Arguments.of("GET", "/api/v1/auth/profiles/me/", "identity"),
            Arguments.of("PUT", "/api/v1/auth/profiles/me/", "identity"),
            Arguments.of("DELETE", "/api/v1/auth/profiles/me/", "identity"),
            Arguments.of("GET", "/api/v1/auth/profiles/me/studies/", "search"),
            Arguments.of(
                "GET", "/api/v1/auth/profiles/0b6e9c1e-1111-4222-8333-444455556666/", "identity"),
            Arguments.of("GET", "/api/v1/studygroup/studies/", "search"),
            Arguments.of("POST", "/api/v1/studygroup/studies/", "study"),
            Arguments.of("GET", S + "/", "search"),
            Arguments.of("PUT", S + "/", "study"),
            Arguments.of("PATCH", S + "/", "study"),
            Arguments.of("DELETE", S + "/", "study"),
            Arguments.of("GET", "/api/v1/studygroup/categories/", "search"),
            Arguments.of("GET", "/api/v1/studygroup/tags/", "search"),
            Arguments.of("GET", S + "/members/", "search"),
            Arguments.of("DELETE", S + "/members/3/", "study"),
            Arguments.of("GET", S + "/requests/", "search"),
            Arguments.of("POST", S + "/requests/", "study"),
            Arguments.of("POST", S + "/requests/4/", "study"),
            Arguments.of("DELETE", S + "/requests/4/", "study"),
            Arguments.of("GET", S + "/assignments/", "search"),
            Arguments.of("POST", S + "/assignments/", "assignment"),
            Arguments.of("GET", A + "/", "search"),
            Arguments.of("PUT", A + "/", "assignment"),
            Arguments.of("PATCH", A + "/", "assignment"),
            Arguments.of("DELETE", A + "/", "assignment"),
            Arguments.of("GET", A + "/submissions/", "search"),
            Arguments.of("POST", A + "/submissions/", "assignment"),
            Arguments.of("GET", A + "/submissions/9/", "search"),
            Arguments.of("PUT", A + "/submissions/9/", "assignment"),
            Arguments.of("PATCH", A + "/submissions/9/", "assignment"),
            Arguments.of("DELETE", A + "/submissions/9/", "assignment"));
    return canonical.flatMap(
        a -> {
          Object[] args = a.get();
          String path = (String) args[1];
          String other = path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
          return Stream.of(a, Arguments.of(args[0], other, args[2]));
        });
  }

  @ParameterizedTest(name = "{0} {1} → {2}")
  @MethodSource("routes")
  void routedByMethodAndPathAndForwardedAsReceived(String method, String path, String service) {
    client
        .method(HttpMethod.valueOf(method))
        .uri(path)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.service")
        .isEqualTo(service)
        .jsonPath("$.method")
        .isEqualTo(method)
        .jsonPath("$.path")
        .isEqualTo(path);
  }

  @Test
  void theJwksComesFromIdentity() {
    client
        .get()
        .uri("/.well-known/jwks.json")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.keys[0].kid")
        .isEqualTo("key-1")
        .jsonPath("$.keys[0].d")
        .doesNotExist();
  }

  @Test
  void eachServicesOpenApiDocumentIsServedUnderItsName() {
    for (String service : new String[] {"identity", "study", "assignment", "search"}) {
      client
          .get()
          .uri("/v3/api-docs/" + service)
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.service")
          .isEqualTo(service)
          .jsonPath("$.path")
          .isEqualTo("/v3/api-docs");
    }
  }

  @Test
  void theOpenApiUiListsEveryService() {
    client
        .get()
        .uri("/v3/api-docs/swagger-config")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.urls[*].url")
        .value(
            urls ->
                assertThat((List<Object>) urls)
                    .contains(
                        "/v3/api-docs/identity",
                        "/v3/api-docs/study",
                        "/v3/api-docs/assignment",
                        "/v3/api-docs/search"));
    client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
  }

  @Test
  void servicesLearnThePublicOriginFromForwardedHeaders() {
    client
        .get()
        .uri("/api/v1/studygroup/studies/")
        .header("Host", "api.crescendo.test")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.headers['x-forwarded-host']")
        .isEqualTo("api.crescendo.test")
        .jsonPath("$.headers['x-forwarded-proto']")
        .isEqualTo("http");
  }

  @Test
  void theQueryStringIsForwarded() {
    client
        .get()
        .uri("/api/v1/studygroup/studies/?page_size=8&cursor=cD0yMDI0&categories=1&categories=2")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.service")
        .isEqualTo("search");
  }

  @Test
  void aPathNoRouteServesIs404Json() {
    client
        .get()
        .uri("/api/v2/studies/")
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
  void aWriteNoRouteServesIs404Json() {
    client
        .post()
        .uri("/api/v1/studygroup/categories/")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
  }
}

package io.crescendo.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.crescendo.web.testapp.TestServiceApplication;
import io.crescendo.web.testsupport.JwksServer;
import io.crescendo.web.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.netty.http.client.HttpClient;

/**
 * A service built on service-web alone, over real HTTP, verifying tokens against a JWKS served on
 * 127.0.0.1: the default security chain, the caller parameters, the request readers, the error
 * bodies and the trailing slash.
 */
@SpringBootTest(
    classes = TestServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "crescendo.security.issuer=" + TestTokens.ISSUER,
      // every unknown kid may refetch: the outage test must reach the (failing) JWKS
      "crescendo.security.jwks.refetch-min-interval=PT0.001S"
    })
class ServiceWebApplicationTest {

  static final JwksServer JWKS = JwksServer.serving(TestTokens.KEY);

  @LocalServerPort int port;

  /**
   * One connection per request: several tests end with the server answering before it has read the
   * whole body, and a pooled connection in that state must not carry the next request.
   */
  WebTestClient http;

  @BeforeEach
  void connect() {
    http =
        WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(Duration.ofSeconds(30))
            .build();
  }

  @DynamicPropertySource
  static void jwks(DynamicPropertyRegistry registry) {
    registry.add("crescendo.security.jwks-uri", JWKS::uri);
  }

  @AfterAll
  static void stopJwks() {
    JWKS.close();
  }

  private WebTestClient.ResponseSpec getWithToken(String path, String token) {
    return http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
  }

  private static void assertTokenNotValid(WebTestClient.ResponseSpec response) {
    response
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"api\"")
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("Given token not valid for any token type")
        .jsonPath("$.code")
        .isEqualTo("token_not_valid")
        .jsonPath("$.messages.length()")
        .isEqualTo(1)
        .jsonPath("$.messages[0].token_class")
        .isEqualTo("AccessToken")
        .jsonPath("$.messages[0].token_type")
        .isEqualTo("access")
        .jsonPath("$.messages[0].message")
        .isNotEmpty();
  }

  // ------------------------------------------------------------------ security

  @Test
  void validTokenReachesARouteNeedingACaller() {
    UUID user = UUID.randomUUID();
    getWithToken("/api/v1/things/mine/", TestTokens.access(user))
        .expectStatus()
        .isOk()
        .expectBody()
        .json("{\"uuid\": \"" + user + "\"}", true);
  }

  @Test
  void everyBadTokenGetsTheRefreshableBodyOnEveryRoute() {
    UUID user = UUID.randomUUID();
    RSAKey unknown = TestTokens.generate("unknown-kid");
    List<String> bad =
        List.of(
            TestTokens.expiringAt(user, TestTokens.NOW.minusSeconds(31)),
            TestTokens.token(user, c -> c.issuer("https://elsewhere.example")),
            TestTokens.token(user, c -> c.audience("another-api")),
            TestTokens.token(user, c -> c.claim("token_type", "refresh")),
            TestTokens.token(unknown, JWSAlgorithm.RS256, user, c -> {}),
            new PlainJWT(new PlainHeader(), new JWTClaimsSet.Builder().build()).serialize(),
            "garbage",
            "a.b.c");
    for (String token : bad) {
      for (String path : List.of("/api/v1/things/mine/", "/api/v1/things", "/api/v1/nothing/")) {
        assertTokenNotValid(getWithToken(path, token));
      }
    }
  }

  @Test
  void tokenWithinTheClockSkewOfTheServiceClockIsAccepted() {
    String justExpired = TestTokens.expiringAt(UUID.randomUUID(), TestTokens.NOW.minusSeconds(29));
    getWithToken("/api/v1/things/mine", justExpired).expectStatus().isOk();
  }

  @Test
  void expiredTokenSaysSo() {
    String expired =
        TestTokens.expiringAt(UUID.randomUUID(), TestTokens.NOW.minus(Duration.ofHours(1)));
    getWithToken("/api/v1/things/mine", expired)
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.messages[0].message")
        .isEqualTo("Token is expired");
  }

  @Test
  void bearerWithZeroOrSeveralValuesIs401() {
    for (String header : List.of("Bearer", "Bearer ", "Bearer a b")) {
      assertTokenNotValid(
          http.get().uri("/api/v1/things/").header(HttpHeaders.AUTHORIZATION, header).exchange());
    }
  }

  @Test
  void noTokenWhereACallerIsNeeded() {
    for (String path : List.of("/api/v1/things/mine", "/api/v1/things/mine/")) {
      http.get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isUnauthorized()
          .expectHeader()
          .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"api\"")
          .expectBody()
          .json("{\"detail\": \"Authentication credentials were not provided.\"}", true);
    }
    // another scheme is no token (API-v1 §2.1)
    http.get()
        .uri("/api/v1/things/mine/")
        .header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void publicRouteShowsMembersMore() {
    http.get()
        .uri("/api/v1/things/")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .json("{\"caller\": \"anonymous\"}", true);
    UUID user = UUID.randomUUID();
    getWithToken("/api/v1/things/", TestTokens.access(user))
        .expectStatus()
        .isOk()
        .expectBody()
        .json("{\"caller\": \"" + user + "\"}", true);
  }

  @Test
  void accessDeniedIs403DetailForACallerAnd401ForNobody() {
    getWithToken("/api/v1/things/leaders-only/", TestTokens.access(UUID.randomUUID()))
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody()
        .json("{\"detail\": \"You do not have permission to perform this action.\"}", true);
    http.get()
        .uri("/api/v1/things/leaders-only/")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .json("{\"detail\": \"Authentication credentials were not provided.\"}", true);
  }

  @Test
  void unreachableKeysAre503NotARefreshableToken() {
    String newKid =
        TestTokens.token(
            TestTokens.generate("successor"), JWSAlgorithm.RS256, UUID.randomUUID(), c -> {});
    JWKS.failing(true);
    try {
      getWithToken("/api/v1/things/mine", newKid)
          .expectStatus()
          .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
          .expectBody()
          .jsonPath("$.detail")
          .isNotEmpty()
          .jsonPath("$.code")
          .doesNotExist();
    } finally {
      JWKS.failing(false);
    }
  }

  // ------------------------------------------------------------------ request fields

  @Test
  void jsonBodyIsReadWithItsTypes() {
    http.post()
        .uri("/api/v1/things/")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of(
                "name",
                "Spring",
                "member_limit",
                4,
                "deadline",
                "2025-03-05",
                "tags",
                List.of("java", "web")))
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody()
        .json(
            "{\"name\": \"Spring\", \"member_limit\": 4, \"deadline\": \"2025-03-05\","
                + " \"tags\": [\"java\", \"web\"]}",
            true);
  }

  @Test
  void multipartBodyIsReadWithRepeatedParts() {
    MultipartBodyBuilder parts = new MultipartBodyBuilder();
    parts.part("name", "Spring");
    parts.part("member_limit", "10");
    parts.part("deadline", "2025-03-05");
    parts.part("tags", "java");
    parts.part("tags", "web");
    http.post()
        .uri("/api/v1/things")
        .body(BodyInserters.fromMultipartData(parts.build()))
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody()
        .json("{\"member_limit\": 10, \"tags\": [\"java\", \"web\"]}");
  }

  @Test
  void everyBadFieldIsReportedAt400() {
    http.post()
        .uri("/api/v1/things/")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of(
                "name",
                42,
                "member_limit",
                11,
                "deadline",
                "2025-3-5",
                "tags",
                List.of("java", "much-too-long")))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .json(
            """
            {"name": ["Not a valid string."],
             "member_limit": ["Ensure this value is less than or equal to 10."],
             "deadline": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
             "tags": ["Ensure this field has no more than 5 characters."]}
            """,
            true);
    http.post()
        .uri("/api/v1/things/")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.name[0]")
        .isEqualTo("This field is required.")
        .jsonPath("$.member_limit[0]")
        .isEqualTo("This field is required.")
        .jsonPath("$.tags")
        .doesNotExist();
  }

  @Test
  void queryIntegersAreCheckedLastOccurrenceWinning() {
    http.get()
        .uri("/api/v1/things/tags/")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .json("{\"random_count\": 3}", true);
    http.get()
        .uri("/api/v1/things/tags/?random_count=2&random_count=5")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .json("{\"random_count\": 5}", true);
    for (String bad : List.of("abc", "2.5", "0", "11")) {
      http.get()
          .uri("/api/v1/things/tags/?random_count=" + bad)
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.random_count[0]")
          .isNotEmpty();
    }
  }

  // ------------------------------------------------------------------ error bodies

  @Test
  void unknownRouteIsJson404ForAnyone() {
    http.get()
        .uri("/api/v1/nothing-here/")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
  }

  @Test
  void wrongMethodIs405WithAllow() {
    http.delete()
        .uri("/api/v1/things/mine/")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
        .expectHeader()
        .valueEquals(HttpHeaders.ALLOW, "GET")
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
  }

  @Test
  void unsupportedMediaTypeIs415() {
    http.post()
        .uri("/api/v1/things/")
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("hello")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
  }

  @Test
  void malformedJsonIs400Detail() {
    http.post()
        .uri("/api/v1/things/")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"name\": ")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .json("{\"detail\": \"JSON parse error.\"}", true);
  }

  @Test
  void oversizedJsonBodyIs413() {
    http.post()
        .uri("/api/v1/things/")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"name\": \"" + "x".repeat(300 * 1024) + "\"}")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
        .expectBody()
        .json("{\"detail\": \"Request body too large.\"}", true);
  }

  @Test
  void theServicesOwnMapperIsAskedFirst() {
    http.get()
        .uri("/api/v1/things/missing/")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .json("{\"detail\": \"Not found.\"}", true);
  }

  @Test
  void aBugIs500WithoutItsStory() {
    String body =
        http.get()
            .uri("/api/v1/things/broken")
            .exchange()
            .expectStatus()
            .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR)
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(body).isEqualTo("{\"detail\":\"Internal server error.\"}");
  }

  // ------------------------------------------------------------------ trailing slash

  @Test
  void everyRouteAnswersWithAndWithoutItsFinalSlashWithoutRedirect() {
    UUID user = UUID.randomUUID();
    for (String path : List.of("/api/v1/things/mine", "/api/v1/things/mine/")) {
      getWithToken(path, TestTokens.access(user))
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.uuid")
          .isEqualTo(user.toString());
    }
    for (String path : List.of("/api/v1/things", "/api/v1/things/")) {
      http.get().uri(path).exchange().expectStatus().isOk();
    }
  }
}

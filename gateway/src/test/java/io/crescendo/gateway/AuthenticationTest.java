package io.crescendo.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import java.time.Instant;
import java.util.Date;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** API-v1 §1.3 step 1, §2.2, §2.3 at the edge. */
class AuthenticationTest extends GatewayTestSupport {

  static final String PUBLIC_ROUTE = "/api/v1/studygroup/studies/";
  static final String PROTECTED_AT_SERVICE = "/api/v1/auth/profiles/me/";

  static Stream<Arguments> badTokens() {
    Stream<Arguments> tokens =
        Stream.of(
            Arguments.of("alg none", (Supplier<String>) TestTokens::unsigned),
            Arguments.of(
                "HS256 with the public key as secret",
                (Supplier<String>) TOKENS::hs256WithPublicKey),
            Arguments.of(
                "expired",
                (Supplier<String>)
                    () ->
                        TOKENS.with(
                            c ->
                                c.issueTime(Date.from(Instant.now().minusSeconds(3600)))
                                    .expirationTime(Date.from(Instant.now().minusSeconds(60))))),
            Arguments.of(
                "not yet valid",
                (Supplier<String>)
                    () ->
                        TOKENS.with(
                            c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(120))))),
            Arguments.of(
                "wrong iss",
                (Supplier<String>) () -> TOKENS.with(c -> c.issuer("https://evil.example"))),
            Arguments.of(
                "wrong aud", (Supplier<String>) () -> TOKENS.with(c -> c.audience("other-api"))),
            Arguments.of("tampered payload", (Supplier<String>) TOKENS::tampered),
            Arguments.of(
                "unknown kid",
                (Supplier<String>)
                    () ->
                        TestTokens.sign(
                            TestTokens.generate("unknown"), TestTokens.claims().build())),
            Arguments.of(
                "token_type refresh",
                (Supplier<String>) () -> TOKENS.with(c -> c.claim("token_type", "refresh"))),
            Arguments.of(
                "no user_uuid",
                (Supplier<String>) () -> TOKENS.with(c -> c.claim("user_uuid", null))),
            Arguments.of("garbage", (Supplier<String>) () -> "not-a-jwt"),
            Arguments.of("two values", (Supplier<String>) () -> TOKENS.valid() + " extra"));
    return tokens.flatMap(
        t ->
            Stream.of(PUBLIC_ROUTE, PROTECTED_AT_SERVICE)
                .map(path -> Arguments.of(t.get()[0], t.get()[1], path)));
  }

  @ParameterizedTest(name = "{0} on {2}")
  @MethodSource("badTokens")
  void aBadBearerTokenIsRejectedWithTheTokenBody(
      String attack, Supplier<String> token, String path) {
    client
        .get()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token.get())
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"api\"")
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty()
        .jsonPath("$.code")
        .isEqualTo("token_not_valid")
        .jsonPath("$.messages[0].token_class")
        .isEqualTo("AccessToken")
        .jsonPath("$.messages[0].token_type")
        .isEqualTo("access")
        .jsonPath("$.messages[0].message")
        .isNotEmpty();
  }

  @Test
  void aBearerWithoutValueIsRejected() {
    client
        .get()
        .uri(PUBLIC_ROUTE)
        .header(HttpHeaders.AUTHORIZATION, "Bearer ")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.messages[0].token_type")
        .isEqualTo("access");
  }

  @Test
  void aValidTokenPassesAndTheAuthorizationHeaderReachesTheService() {
    String token = TOKENS.valid();
    client
        .get()
        .uri(PROTECTED_AT_SERVICE)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .header("X-User-Id", "00000000-0000-0000-0000-000000000001")
        .header("X-User-Roles", "admin")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.service")
        .isEqualTo("identity")
        .jsonPath("$.headers.authorization")
        .isEqualTo("Bearer " + token)
        .jsonPath("$.headers['x-user-id']")
        .doesNotExist()
        .jsonPath("$.headers['x-user-roles']")
        .doesNotExist();
  }

  @Test
  void anonymousRequestsPassToTheServices() {
    client
        .get()
        .uri(PUBLIC_ROUTE)
        .header("X-User-Id", "00000000-0000-0000-0000-000000000001")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.service")
        .isEqualTo("search")
        .jsonPath("$.headers.authorization")
        .doesNotExist()
        .jsonPath("$.headers['x-user-id']")
        .doesNotExist();
  }

  @Test
  void anotherSchemeIsIgnored() {
    client
        .get()
        .uri(PUBLIC_ROUTE)
        .header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz")
        .exchange()
        .expectStatus()
        .isOk();
  }

  @ParameterizedTest
  @MethodSource("authEndpoints")
  void theAuthEndpointsIgnoreTheAuthorizationHeader(String path) {
    String stale = TOKENS.with(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(600))));
    client
        .post()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + stale)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.service")
        .isEqualTo("identity")
        .jsonPath("$.path")
        .isEqualTo(path)
        .jsonPath("$.headers.authorization")
        .isEqualTo("Bearer " + stale);
  }

  static Stream<String> authEndpoints() {
    return Stream.of(
        "/api/v1/auth/login/google/",
        "/api/v1/auth/login/refresh",
        "/api/v1/auth/logout/",
        "/api/v1/auth/logout",
        "/api/v1/auth/signup/",
        "/api/v1/auth/login");
  }

  @Test
  void aKeyPublishedAfterStartIsFetchedWhenATokenNamesIt() {
    client
        .get()
        .uri(PUBLIC_ROUTE)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKENS.valid())
        .exchange()
        .expectStatus()
        .isOk();
    RSAKey rotated = TestTokens.generate("key-rotated");
    TOKENS.publish(rotated);
    client
        .get()
        .uri(PUBLIC_ROUTE)
        .header(
            HttpHeaders.AUTHORIZATION,
            "Bearer " + TestTokens.sign(rotated, TestTokens.claims().build()))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void signingKeysThatCannotBeFetchedGive503NotA401() {
    IDENTITY.stop();
    try {
      var result =
          client
              .get()
              .uri(PUBLIC_ROUTE)
              .header(
                  HttpHeaders.AUTHORIZATION,
                  "Bearer "
                      + TestTokens.sign(
                          TestTokens.generate("never-seen"), TestTokens.claims().build()))
              .exchange()
              .expectBody()
              .jsonPath("$.detail")
              .isNotEmpty()
              .returnResult();
      assertThat(result.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    } finally {
      IDENTITY.restart();
    }
  }
}

package io.crescendo.identity.infra.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import io.crescendo.identity.infra.token.AccessTokens;
import io.crescendo.identity.infra.token.SigningKeys;
import io.crescendo.local.test.CrescendoInfrastructure;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The security wiring inside the real application (own database): JWKS, public actuator routes, the
 * 401 bodies with the real {@link AccountStatus}, the ignored header on the auth endpoints.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@CrescendoInfrastructure(database = "identity_security")
@DirtiesContext
class SecurityApplicationTest {

  @Autowired WebTestClient http;
  @Autowired AccessTokens accessTokens;
  @Autowired SigningKeys signingKeys;
  @Autowired JdbcTemplate jdbc;

  @Test
  void flywayCreatedTheTokenTablesAndStartUpCreatedTheSigningKey() {
    assertThat(jdbc.queryForObject("SELECT count(*) FROM signing_key", Integer.class)).isPositive();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM refresh_token", Integer.class))
        .isNotNull();
  }

  @Test
  void jwksIsPublicCacheableAndHoldsTheCurrentPublicKey() throws Exception {
    String body =
        http.get()
            .uri("/.well-known/jwks.json")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
            .expectHeader()
            .valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=300, public")
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();

    JWKSet set = JWKSet.parse(body);
    assertThat(set.getKeyByKeyId(signingKeys.current().kid())).isNotNull();
    assertThat(set.getKeys()).allMatch(k -> !k.isPrivate());
  }

  @Test
  void healthIsPublic() {
    http.get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .value(status -> assertThat(status).isNotIn(401, 403));
  }

  @Test
  void missingTokenOnMe() {
    http.get()
        .uri("/api/v1/auth/profiles/me/")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"api\"")
        .expectBody()
        .json("{\"detail\": \"Authentication credentials were not provided.\"}", true);
  }

  @Test
  void validTokenOfAnUnknownAccountIsUserNotFound() {
    String token = accessTokens.issue(UUID.randomUUID());

    http.get()
        .uri("/api/v1/auth/profiles/me")
        .headers(h -> h.setBearerAuth(token))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"api\"")
        .expectBody()
        .json("{\"detail\": \"User not found\", \"code\": \"user_not_found\"}", true);
  }

  @Test
  void badTokenOnAPublicProfileGetsTheRefreshableBody() {
    http.get()
        .uri("/api/v1/auth/profiles/" + UUID.randomUUID() + "/")
        .header(HttpHeaders.AUTHORIZATION, "Bearer a.b.c")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"api\"")
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("token_not_valid")
        .jsonPath("$.messages[0].token_class")
        .isEqualTo("AccessToken")
        .jsonPath("$.messages[0].token_type")
        .isEqualTo("access");
  }

  @Test
  void refreshIgnoresTheAuthorizationHeader() {
    http.post()
        .uri("/api/v1/auth/login/refresh")
        .header(HttpHeaders.AUTHORIZATION, "Bearer a.b.c")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("refresh", "not-a-refresh-token"))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("token_not_valid")
        .jsonPath("$.messages")
        .doesNotExist();
  }
}

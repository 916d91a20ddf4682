package io.crescendo.identity.infra.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import io.crescendo.identity.infra.testsupport.MutableClock;
import io.crescendo.identity.infra.token.AccessTokens;
import io.crescendo.identity.infra.token.JwksController;
import io.crescendo.identity.infra.token.SigningKeys;
import io.crescendo.identity.infra.token.TokenProperties;
import io.crescendo.identity.infra.token.TokenTestSupport;
import io.crescendo.web.security.CurrentUser;
import io.crescendo.web.security.CurrentUserAutoConfiguration;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;
import reactor.core.publisher.Mono;

/**
 * The security filter chain with stub controllers: which routes are public, which 401 body is
 * answered when, the JWKS endpoint. (Full-application HTTP tests live with the web layer.)
 */
class SecurityWebTest {

  static final MutableClock CLOCK = MutableClock.startingAt("2025-03-01T10:00:00Z");
  static final Set<UUID> DELETED = ConcurrentHashMap.newKeySet();

  private static AnnotationConfigApplicationContext context;
  private static WebTestClient client;
  private static AccessTokens accessTokens;

  @Configuration(proxyBeanMethods = false)
  @EnableWebFlux
  @Import({
    SecurityConfiguration.class,
    CurrentUserAutoConfiguration.class,
    JwksController.class,
    StubController.class
  })
  static class TestApp {

    @Bean
    MutableClock clock() {
      return CLOCK;
    }

    @Bean
    TokenProperties tokenProperties() {
      return TokenTestSupport.properties();
    }

    @Bean
    SigningKeys signingKeys(TokenProperties properties, MutableClock clock) {
      return TokenTestSupport.inMemorySigningKeys(properties, clock);
    }

    @Bean
    AccessTokens accessTokens(SigningKeys keys, TokenProperties properties, MutableClock clock) {
      return new AccessTokens(keys, properties, clock);
    }

    @Bean
    AccountStatus accountStatus() {
      return id -> Mono.just(!DELETED.contains(id));
    }
  }

  @RestController
  static class StubController {

    @GetMapping({"/api/v1/auth/profiles/me", "/api/v1/auth/profiles/me/"})
    Map<String, Object> me(CurrentUser caller) {
      return Map.of("uuid", caller.id().toString());
    }

    @GetMapping({"/api/v1/auth/profiles/{id}", "/api/v1/auth/profiles/{id}/"})
    Map<String, Object> profile(@PathVariable String id, @AuthenticationPrincipal Jwt caller) {
      return Map.of("uuid", id, "caller", caller == null ? "anonymous" : caller.getSubject());
    }

    @PostMapping({"/api/v1/auth/login/refresh", "/api/v1/auth/login/refresh/"})
    Mono<Map<String, Object>> refresh() {
      return ReactiveSecurityContextHolder.getContext()
          .map(c -> c.getAuthentication() != null)
          .defaultIfEmpty(false)
          .map(authenticated -> Map.of("authenticated", authenticated));
    }

    @PostMapping("/api/v1/auth/signup/")
    Map<String, Object> signupNeedingACaller(CurrentUser caller) {
      return Map.of("uuid", caller.id().toString());
    }

    @GetMapping("/api/v1/private/")
    Map<String, Object> privateRoute(CurrentUser caller) {
      return Map.of("uuid", caller.id().toString());
    }

    @GetMapping("/api/v1/forbidden/")
    Mono<Map<String, Object>> forbidden() {
      return Mono.error(new AccessDeniedException("leaders only"));
    }

    @GetMapping({"/actuator/health", "/actuator/health/liveness"})
    Map<String, Object> health() {
      return Map.of("status", "UP");
    }
  }

  @BeforeAll
  static void start() {
    context = new AnnotationConfigApplicationContext(TestApp.class);
    client = WebTestClient.bindToApplicationContext(context).build();
    accessTokens = context.getBean(AccessTokens.class);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  private static String expiredToken() {
    String token = accessTokens.issue(UUID.randomUUID());
    CLOCK.advance(Duration.ofMinutes(31));
    return token;
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
        .isNotEmpty()
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

  private static void assertNotProvided(WebTestClient.ResponseSpec response) {
    response
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"api\"")
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody()
        .json("{\"detail\": \"Authentication credentials were not provided.\"}", true);
  }

  @Test
  void validTokenReachesAProtectedRoute() {
    UUID user = UUID.randomUUID();
    client
        .get()
        .uri("/api/v1/auth/profiles/me/")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessTokens.issue(user))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.uuid")
        .isEqualTo(user.toString());
  }

  @Test
  void missingTokenOnAProtectedRoute() {
    assertNotProvided(client.get().uri("/api/v1/private/").exchange());
    assertNotProvided(client.get().uri("/api/v1/auth/profiles/me").exchange());
    assertNotProvided(client.get().uri("/api/v1/auth/profiles/me/").exchange());
  }

  @Test
  void otherSchemesAreAnonymous() {
    assertNotProvided(
        client
            .get()
            .uri("/api/v1/private/")
            .header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz")
            .exchange());
    client
        .get()
        .uri("/api/v1/auth/profiles/" + UUID.randomUUID() + "/")
        .header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.caller")
        .isEqualTo("anonymous");
  }

  @Test
  void invalidTokensGetTheTokenBody() {
    assertTokenNotValid(
        client
            .get()
            .uri("/api/v1/private/")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + expiredToken())
            .exchange());
    assertTokenNotValid(
        client
            .get()
            .uri("/api/v1/private/")
            .header(HttpHeaders.AUTHORIZATION, "Bearer not.a.jwt")
            .exchange());
  }

  @Test
  void bearerWithZeroOrSeveralValuesIs401() {
    for (String header : new String[] {"Bearer", "Bearer ", "Bearer a b", "bearer  x"}) {
      assertTokenNotValid(
          client
              .get()
              .uri("/api/v1/auth/profiles/" + UUID.randomUUID())
              .header(HttpHeaders.AUTHORIZATION, header)
              .exchange());
    }
  }

  @Test
  void invalidTokenOnAPublicRouteIs401Too() {
    String expired = expiredToken();
    assertTokenNotValid(
        client
            .get()
            .uri("/api/v1/auth/profiles/" + UUID.randomUUID() + "/")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + expired)
            .exchange());
    assertTokenNotValid(
        client
            .get()
            .uri("/actuator/health")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + expired)
            .exchange());
  }

  @Test
  void publicRoutesWithoutToken() {
    client.get().uri("/api/v1/auth/profiles/" + UUID.randomUUID()).exchange().expectStatus().isOk();
    client.get().uri("/actuator/health").exchange().expectStatus().isOk();
    client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
  }

  @Test
  void validTokenOnAPublicRouteIsUsed() {
    UUID user = UUID.randomUUID();
    client
        .get()
        .uri("/api/v1/auth/profiles/" + UUID.randomUUID())
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessTokens.issue(user))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.caller")
        .isEqualTo(user.toString());
  }

  @Test
  void authEndpointsIgnoreTheAuthorizationHeader() {
    String expired = expiredToken();
    for (String path : new String[] {"/api/v1/auth/login/refresh", "/api/v1/auth/login/refresh/"}) {
      for (String header : new String[] {"Bearer " + expired, "Bearer", "Bearer a b"}) {
        client
            .post()
            .uri(path)
            .header(HttpHeaders.AUTHORIZATION, header)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.authenticated")
            .isEqualTo(false);
      }
    }
    // even a valid token is not used there
    client
        .post()
        .uri("/api/v1/auth/signup/")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessTokens.issue(UUID.randomUUID()))
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void unknownRoutesAre404ForAnyoneButAnInvalidTokenStillComesFirst() {
    client.get().uri("/api/v1/auth/nothing-here/").exchange().expectStatus().isNotFound();
    client
        .delete()
        .uri("/api/v1/unknown")
        .header(HttpHeaders.AUTHORIZATION, "Basic abc")
        .exchange()
        .expectStatus()
        .isNotFound();
    assertTokenNotValid(
        client
            .get()
            .uri("/api/v1/auth/nothing-here/")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + expiredToken())
            .exchange());
  }

  @Test
  void knownRouteWithAnotherMethodStillNeedsAuthentication() {
    assertNotProvided(client.post().uri("/api/v1/private/").exchange());
    assertNotProvided(client.delete().uri("/api/v1/auth/profiles/me/").exchange());
    client
        .post()
        .uri("/api/v1/private/")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessTokens.issue(UUID.randomUUID()))
        .exchange()
        .expectStatus()
        .isEqualTo(405);
  }

  @Test
  void deletedUserGetsUserNotFound() {
    UUID user = UUID.randomUUID();
    String token = accessTokens.issue(user);
    DELETED.add(user);

    client
        .get()
        .uri("/api/v1/auth/profiles/me/")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"api\"")
        .expectBody()
        .json("{\"detail\": \"User not found\", \"code\": \"user_not_found\"}", true);
  }

  @Test
  void accessDeniedIs403Detail() {
    client
        .get()
        .uri("/api/v1/forbidden/")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessTokens.issue(UUID.randomUUID()))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty()
        .jsonPath("$.code")
        .doesNotExist();
  }

  @Test
  void jwksServesPublicKeysWithCaching() throws Exception {
    String kid = context.getBean(SigningKeys.class).current().kid();
    String body =
        client
            .get()
            .uri("/.well-known/jwks.json")
            .header(HttpHeaders.AUTHORIZATION, "Basic ignored")
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
    assertThat(set.getKeyByKeyId(kid)).isNotNull();
    assertThat(set.getKeys()).allMatch(k -> !k.isPrivate());
    assertThat(body).doesNotContain("\"d\"");
  }
}

package io.crescendo.identity.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.crescendo.events.Topics;
import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import io.crescendo.identity.infra.token.TokenPair;
import io.crescendo.local.test.CrescendoInfrastructure;
import io.crescendo.local.test.TestInfrastructure;
import io.crescendo.local.test.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * identity-service over real HTTP, against real PostgreSQL and Kafka: every account and token flow
 * of API-v1 §2, §5.1, §5.2 and §9, and the events it publishes.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "crescendo.identity.refresh-reuse-interval=PT2S",
      "crescendo.identity.google.client-id=" + GoogleStub.CLIENT_ID
    })
@AutoConfigureWebTestClient(timeout = "PT30S")
@CrescendoInfrastructure(database = "identity")
class IdentityApiTest {

  private static final String PASSWORD = "correct horse battery";
  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  @Autowired WebTestClient http;

  private final EventRecordCodec codec = new EventRecordCodec();

  @DynamicPropertySource
  static void google(DynamicPropertyRegistry registry) {
    registry.add("crescendo.identity.google.jwks-uri", GoogleStub::jwksUri);
  }

  @Test
  void invalidUtf8InTheLoginBodyIsRefusedNotAServerError() {
    // found by deploy/reliability (HostileInputIT): a login with such bytes answered 500
    byte[][] bad = {
      {(byte) 0xC3, 0x28},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xFF, (byte) 0xFE},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}
    };
    for (byte[] email : bad) {
      for (byte[] password : bad) {
        var body = new java.io.ByteArrayOutputStream();
        body.writeBytes("{\"email\":\"ok".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(email);
        body.writeBytes("\",\"password\":\"ok".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(password);
        body.writeBytes("\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int status =
            http.post()
                .uri("/api/v1/auth/login/")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.toByteArray())
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value();
        org.assertj.core.api.Assertions.assertThat(status)
            .as(java.util.Arrays.toString(email) + " " + java.util.Arrays.toString(password))
            .isIn(400, 401);
      }
    }
  }

  @Test
  void signUpCreatesTheAccountAndPublishesUserRegistered() {
    String email = uniqueEmail();
    TokenPair tokens = signUp(email, PASSWORD, "kim");

    Map<String, Object> me = me(tokens.access());
    assertThat(me).containsEntry("email", email).containsEntry("username", "kim");
    assertThat(me).containsKeys("uuid", "created_at", "updated_at");
    String userId = (String) me.get("uuid");

    ConsumerRecord<String, byte[]> record = awaitEvent(userId, UserRegistered.class);
    assertThat(record.key()).isEqualTo(userId);
    assertThat(header(record, "ce_type")).isEqualTo("crescendo.identity.UserRegistered.v1");
    assertThat(header(record, "ce_source")).isEqualTo("/crescendo/identity-service");
    assertThat(header(record, "ce_subject")).isEqualTo(userId);
    assertThat(header(record, "ce_sequence")).isEqualTo("0");
    assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
    assertThat(header(record, "content-type")).isEqualTo("application/json");
    assertThat(record.headers().lastHeader("ce_id")).isNotNull();
    assertThat(record.headers().lastHeader("ce_time")).isNotNull();
    UserRegistered event = (UserRegistered) codec.decode(record).data();
    assertThat(event.email()).isEqualTo(email);
    assertThat(event.username()).isEqualTo("kim");
    // The password hash is an internal event: it never reaches the topic.
    assertThat(new String(record.value(), UTF_8)).doesNotContain("argon2");
  }

  @Test
  void signUpDefaultsTheUsernameToTheLocalPart() {
    String email = uniqueEmail();
    TokenPair tokens = signUp(email, PASSWORD, null);
    assertThat(me(tokens.access()))
        .containsEntry("username", email.substring(0, email.indexOf('@')));
  }

  @Test
  void signUpReportsEveryBadFieldAndNeverAnswers500() {
    post("/api/v1/auth/signup/", Map.of())
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.email[0]")
        .isNotEmpty()
        .jsonPath("$.password[0]")
        .isNotEmpty();
    postFieldError(
        "/api/v1/auth/signup/", Map.of("email", "not-an-email", "password", PASSWORD), "email");
    postFieldError("/api/v1/auth/signup/", Map.of("email", 42, "password", PASSWORD), "email");
    postFieldError(
        "/api/v1/auth/signup/", Map.of("email", uniqueEmail(), "password", "short1"), "password");
    postFieldError(
        "/api/v1/auth/signup/",
        Map.of("email", uniqueEmail(), "password", "1234567890"),
        "password");
    postFieldError(
        "/api/v1/auth/signup/", Map.of("email", uniqueEmail(), "password", "password"), "password");
    postFieldError(
        "/api/v1/auth/signup/",
        Map.of("email", uniqueEmail(), "password", "x".repeat(129)),
        "password");
    postFieldError(
        "/api/v1/auth/signup/",
        Map.of("email", uniqueEmail(), "password", PASSWORD, "username", " "),
        "username");
    postFieldError(
        "/api/v1/auth/signup/",
        Map.of("email", "a".repeat(75) + "@b.com", "password", PASSWORD),
        "email");

    http.post()
        .uri("/api/v1/auth/signup/")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"email\": ")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
    http.post()
        .uri("/api/v1/auth/signup/")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("[1, 2]")
        .exchange()
        .expectStatus()
        .isBadRequest();
    http.post()
        .uri("/api/v1/auth/signup/")
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
  void anEmailIsRegisteredOnceWhateverItsCase() {
    String email = uniqueEmail();
    signUp(email, PASSWORD, "first");
    postFieldError(
        "/api/v1/auth/signup/",
        Map.of("email", email.toUpperCase(), "password", PASSWORD),
        "email");
  }

  @Test
  void signUpAcceptsFormEncodedBodiesAsTheOriginalDid() {
    http.post()
        .uri("/api/v1/auth/signup")
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .bodyValue("email=" + uniqueEmail() + "&password=correct+horse+battery")
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.access")
        .isNotEmpty();
  }

  @Test
  void loginAnswersTokensAndDoesNotRevealWhyItFails() {
    String email = uniqueEmail();
    signUp(email, PASSWORD, "lee");

    TokenPair tokens =
        post("/api/v1/auth/login", Map.of("email", email.toUpperCase(), "password", PASSWORD))
            .expectStatus()
            .isOk()
            .expectBody(TokenPair.class)
            .returnResult()
            .getResponseBody();
    assertThat(me(tokens.access())).containsEntry("email", email);

    String wrongPassword =
        post("/api/v1/auth/login/", Map.of("email", email, "password", "wrong password"))
            .expectStatus()
            .isUnauthorized()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    String unknownEmail =
        post("/api/v1/auth/login/", Map.of("email", uniqueEmail(), "password", "wrong password"))
            .expectStatus()
            .isUnauthorized()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(wrongPassword).isEqualTo(unknownEmail).contains("detail");
    postFieldError("/api/v1/auth/login/", Map.of("email", email), "password");
  }

  @Test
  void theAccessTokenIsSignedByAKeyOfTheJwksAndCarriesTheContractClaims() throws Exception {
    TokenPair tokens = signUp(uniqueEmail(), PASSWORD, "park");
    String userId = (String) me(tokens.access()).get("uuid");

    String jwks =
        http.get()
            .uri("/.well-known/jwks.json")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    SignedJWT jwt = SignedJWT.parse(tokens.access());
    RSAKey key = (RSAKey) JWKSet.parse(jwks).getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(key).isNotNull();
    assertThat(key.isPrivate()).isFalse();
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");

    var claims = jwt.getJWTClaimsSet();
    assertThat(claims.getStringClaim("token_type")).isEqualTo("access");
    assertThat(claims.getStringClaim("user_uuid")).isEqualTo(userId);
    assertThat(claims.getSubject()).isEqualTo(userId);
    assertThat(claims.getIssuer()).isNotBlank();
    assertThat(claims.getAudience()).isNotEmpty();
    assertThat(claims.getJWTID()).matches("[0-9a-f]{32}");
    assertThat(
            Duration.between(
                claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(claims.getExpirationTime().toInstant()).isAfter(Instant.now());
  }

  @Test
  void refreshRotatesAndConcurrentRefreshesShareOneSuccessor() {
    TokenPair tokens = signUp(uniqueEmail(), PASSWORD, "choi");

    List<TokenPair> concurrent =
        Flux.range(0, 5)
            .flatMap(i -> refreshAsync(tokens.refresh()))
            .collectList()
            .block(Duration.ofSeconds(30));

    assertThat(concurrent).hasSize(5);
    assertThat(concurrent).extracting(TokenPair::refresh).containsOnly(concurrent.get(0).refresh());
    assertThat(concurrent.get(0).refresh()).isNotEqualTo(tokens.refresh());
    assertThat(me(concurrent.get(0).access())).containsKey("uuid");

    TokenPair next = refresh(concurrent.get(0).refresh());
    assertThat(next.refresh()).isNotEqualTo(concurrent.get(0).refresh());
  }

  @Test
  void reusingARotatedTokenAfterTheIntervalRevokesTheWholeFamily() {
    TokenPair tokens = signUp(uniqueEmail(), PASSWORD, "jung");
    TokenPair successor = refresh(tokens.refresh());

    // Within the (test) reuse interval of 2 s the old token still answers with the successor;
    // once it has passed, the old token is refused as theft.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> refreshStatus(tokens.refresh()) == HttpStatus.UNAUTHORIZED);

    post("/api/v1/auth/login/refresh/", Map.of("refresh", successor.refresh()))
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("token_not_valid");
  }

  @Test
  void logoutRevokesTheRefreshToken() {
    TokenPair tokens = signUp(uniqueEmail(), PASSWORD, "yoon");

    http.post()
        .uri("/api/v1/auth/logout/")
        .header(HttpHeaders.AUTHORIZATION, "Bearer stale.access.token")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("refresh", tokens.refresh()))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .json("{}");
    post("/api/v1/auth/login/refresh/", Map.of("refresh", tokens.refresh()))
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("token_not_valid");
    post("/api/v1/auth/logout/", Map.of("refresh", tokens.refresh()))
        .expectStatus()
        .isUnauthorized();
    postFieldError("/api/v1/auth/logout/", Map.of(), "refresh");
    postFieldError("/api/v1/auth/login/refresh/", Map.of("refresh", ""), "refresh");
  }

  @Test
  void renamingUpdatesTheProfileAndPublishesUsernameChanged() {
    TokenPair tokens = signUp(uniqueEmail(), PASSWORD, "han");
    String userId = (String) me(tokens.access()).get("uuid");

    http.put()
        .uri("/api/v1/auth/profiles/me/")
        .headers(h -> h.setBearerAuth(tokens.access()))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("username", "hanbit", "email", "ignored@example.com"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.username")
        .isEqualTo("hanbit")
        .jsonPath("$.uuid")
        .isEqualTo(userId);

    UsernameChanged event =
        (UsernameChanged) codec.decode(awaitEvent(userId, UsernameChanged.class)).data();
    assertThat(event.username()).isEqualTo("hanbit");

    http.put()
        .uri("/api/v1/auth/profiles/me")
        .headers(h -> h.setBearerAuth(tokens.access()))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("username", "  "))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.username[0]")
        .isNotEmpty();
    http.patch()
        .uri("/api/v1/auth/profiles/me/")
        .headers(h -> h.setBearerAuth(tokens.access()))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("username", "x"))
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();

    http.get()
        .uri("/api/v1/auth/profiles/" + userId + "/")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.username")
        .isEqualTo("hanbit");
    http.get()
        .uri("/api/v1/auth/profiles/not-a-uuid/")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
  }

  @Test
  void deletingTheAccountPublishesUserDeletedAndEndsEveryToken() {
    String email = uniqueEmail();
    TokenPair tokens = signUp(email, PASSWORD, "seo");
    String userId = (String) me(tokens.access()).get("uuid");

    http.delete()
        .uri("/api/v1/auth/profiles/me/")
        .headers(h -> h.setBearerAuth(tokens.access()))
        .exchange()
        .expectStatus()
        .isNoContent();

    awaitEvent(userId, UserDeleted.class);
    http.get()
        .uri("/api/v1/auth/profiles/me/")
        .headers(h -> h.setBearerAuth(tokens.access()))
        .exchange()
        .expectStatus()
        .isUnauthorized();
    post("/api/v1/auth/login/refresh/", Map.of("refresh", tokens.refresh()))
        .expectStatus()
        .isUnauthorized();
    http.get().uri("/api/v1/auth/profiles/" + userId).exchange().expectStatus().isNotFound();
    post("/api/v1/auth/login/", Map.of("email", email, "password", PASSWORD))
        .expectStatus()
        .isUnauthorized();
    // The e-mail is free again.
    signUp(email, PASSWORD, "seo-again");
  }

  @Test
  void googleLoginCreatesTheAccountOnceAndIgnoresAStaleAuthorizationHeader() {
    String email = uniqueEmail();
    TokenPair first = googleLogin(GoogleStub.idToken(email, "Kim Google"));
    Map<String, Object> me = me(first.access());
    assertThat(me).containsEntry("email", email).containsEntry("username", "Kim Google");

    TokenPair second = googleLogin(GoogleStub.idToken(email, "Kim Google"));
    assertThat(me(second.access())).containsEntry("uuid", me.get("uuid"));

    // A Google token for someone else's client, or forged, is refused.
    post("/api/v1/auth/login/google/", Map.of("access", GoogleStub.idTokenFor("other-app", email)))
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("token_not_valid");
    post("/api/v1/auth/login/google/", Map.of("access", GoogleStub.forgedIdToken(email)))
        .expectStatus()
        .isUnauthorized();
    postFieldError("/api/v1/auth/login/google/", Map.of("access", ""), "access");
  }

  @Test
  void googleLoginSharesTheAccountOfAnEmailSignUp() {
    String email = uniqueEmail();
    TokenPair signedUp = signUp(email, PASSWORD, "shared");
    TokenPair viaGoogle = googleLogin(GoogleStub.idToken(email, "Other Name"));
    assertThat(me(viaGoogle.access()).get("uuid")).isEqualTo(me(signedUp.access()).get("uuid"));
  }

  @Test
  void aBadBearerTokenIsRefusedEvenOnAPublicRouteWithTheRefreshableBody() {
    TokenPair tokens = signUp(uniqueEmail(), PASSWORD, "oh");
    String userId = (String) me(tokens.access()).get("uuid");
    http.get()
        .uri("/api/v1/auth/profiles/" + userId + "/")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.access() + "x")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer.*")
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("token_not_valid")
        .jsonPath("$.messages[0].token_type")
        .isEqualTo("access");
    http.get()
        .uri("/api/v1/auth/profiles/me/")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
  }

  @Test
  void publishesItsOpenApiDescription() {
    http.get()
        .uri("/v3/api-docs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.paths['/api/v1/auth/signup'].post.requestBody")
        .exists()
        .jsonPath("$.paths['/api/v1/auth/profiles/me'].put")
        .exists();
  }

  @Test
  void unknownRoutesAnswerJson404() {
    http.get()
        .uri("/api/v1/auth/nothing-here/")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
  }

  private TokenPair signUp(String email, String password, String username) {
    Map<String, Object> body =
        username == null
            ? Map.of("email", email, "password", password)
            : Map.of("email", email, "password", password, "username", username);
    return post("/api/v1/auth/signup/", body)
        .expectStatus()
        .isCreated()
        .expectBody(TokenPair.class)
        .returnResult()
        .getResponseBody();
  }

  private TokenPair googleLogin(String idToken) {
    return http.post()
        .uri("/api/v1/auth/login/google/")
        .header(HttpHeaders.AUTHORIZATION, "Bearer expired.stale.token")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("access", idToken))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(TokenPair.class)
        .returnResult()
        .getResponseBody();
  }

  private TokenPair refresh(String refreshToken) {
    return post("/api/v1/auth/login/refresh/", Map.of("refresh", refreshToken))
        .expectStatus()
        .isOk()
        .expectBody(TokenPair.class)
        .returnResult()
        .getResponseBody();
  }

  private reactor.core.publisher.Mono<TokenPair> refreshAsync(String refreshToken) {
    return reactor.core.publisher.Mono.fromCallable(() -> refresh(refreshToken))
        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
  }

  private HttpStatus refreshStatus(String refreshToken) {
    return HttpStatus.valueOf(
        post("/api/v1/auth/login/refresh/", Map.of("refresh", refreshToken))
            .returnResult(String.class)
            .getStatus()
            .value());
  }

  private Map<String, Object> me(String access) {
    return http.get()
        .uri("/api/v1/auth/profiles/me/")
        .headers(h -> h.setBearerAuth(access))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  private WebTestClient.ResponseSpec post(String path, Map<String, ?> body) {
    return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
  }

  private void postFieldError(String path, Map<String, ?> body, String field) {
    post(path, body)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$." + field + "[0]")
        .isNotEmpty();
  }

  private ConsumerRecord<String, byte[]> awaitEvent(String userId, Class<?> type) {
    Predicate<ConsumerRecord<String, byte[]>> wanted =
        r -> r.key().equals(userId) && type.isInstance(decode(r).data());
    return TopicReader.readUntil(
            TestInfrastructure.shared().kafkaBootstrapServers(),
            Topics.IDENTITY_USER.name(),
            records -> records.stream().anyMatch(wanted),
            Duration.ofSeconds(30))
        .stream()
        .filter(wanted)
        .findFirst()
        .orElseThrow();
  }

  private EventEnvelope decode(ConsumerRecord<String, byte[]> record) {
    return codec.decode(record);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), UTF_8);
  }

  private static String uniqueEmail() {
    return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }
}

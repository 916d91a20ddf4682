package io.crescendo.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.crescendo.events.Topics;
import io.crescendo.local.test.TopicReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The frontend's identity flow through the real gateway to the real identity-service. */
class GatewayIdentityIT {

  private static final JsonMapper JSON = LocalStack.JSON;
  private static final HttpClient HTTP = LocalStack.HTTP;
  private static final String FRONTEND = "http://localhost:3000";

  private static LocalStack stack;

  /** The shared stack of this run (a test may have restarted it). */
  @BeforeEach
  void useTheSharedStack() throws IOException {
    stack = LocalStack.shared();
  }

  @Test
  void signUpReadTheProfileAndRefreshThroughTheGateway() throws Exception {
    String email = "e2e-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    var signUp =
        stack.send(
            "POST",
            "/api/v1/auth/signup/",
            Map.of("email", email, "password", "correct horse battery", "username", "e2e"),
            null);
    assertThat(signUp.statusCode()).isEqualTo(201);
    Map<?, ?> tokens = JSON.readValue(signUp.body(), Map.class);

    var me = stack.send("GET", "/api/v1/auth/profiles/me/", null, (String) tokens.get("access"));
    assertThat(me.statusCode()).isEqualTo(200);
    Map<?, ?> profile = JSON.readValue(me.body(), Map.class);
    assertThat(profile.get("email")).isEqualTo(email);

    // The frontend calls refresh without the final slash and sends its stale access token along.
    var refresh =
        stack.send(
            "POST",
            "/api/v1/auth/login/refresh",
            Map.of("refresh", tokens.get("refresh")),
            "stale.access.token");
    assertThat(refresh.statusCode()).isEqualTo(200);
    Map<?, ?> next = JSON.readValue(refresh.body(), Map.class);
    assertThat(next.get("refresh")).isNotEqualTo(tokens.get("refresh"));
    assertThat(
            stack
                .send("GET", "/api/v1/auth/profiles/me", null, (String) next.get("access"))
                .statusCode())
        .isEqualTo(200);

    // The access token verifies against the JWKS the gateway publishes.
    SignedJWT jwt = SignedJWT.parse((String) next.get("access"));
    JWKSet jwks = JWKSet.parse(stack.send("GET", "/.well-known/jwks.json", null, null).body());
    RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getStringClaim("user_uuid")).isEqualTo(profile.get("uuid"));

    // Other teams see the account on Kafka.
    String userId = (String) profile.get("uuid");
    var records =
        TopicReader.readUntil(
            stack.kafkaBootstrapServers(),
            Topics.IDENTITY_USER.name(),
            read -> read.stream().anyMatch(r -> r.key().equals(userId)),
            Duration.ofSeconds(30));
    var registered = records.stream().filter(r -> r.key().equals(userId)).findFirst().orElseThrow();
    assertThat(new String(registered.headers().lastHeader("ce_type").value(), UTF_8))
        .isEqualTo("crescendo.identity.UserRegistered.v1");
  }

  @Test
  void aBadTokenGetsTheRefreshableBodyWithCorsHeaders() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/api/v1/auth/profiles/me/"))
                .header("Authorization", "Bearer not.a.token")
                .header("Origin", FRONTEND)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(FRONTEND);
    assertThat(response.body()).contains("\"token_type\":\"access\"");
  }

  @Test
  void theGatewayAnswersCorsPreflights() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/api/v1/auth/profiles/me/"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", FRONTEND)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(FRONTEND);
  }
}

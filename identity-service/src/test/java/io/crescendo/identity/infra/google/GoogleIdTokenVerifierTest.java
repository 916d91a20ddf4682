package io.crescendo.identity.infra.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.crescendo.identity.infra.testsupport.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The Google verifier against a JWKS served on 127.0.0.1. */
class GoogleIdTokenVerifierTest {

  private static final String CLIENT_ID = "crescendo-web.apps.googleusercontent.com";
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  private static RSAKey googleKey;
  private static RSAKey otherKey;
  private static HttpServer server;
  private static final AtomicInteger fetches = new AtomicInteger();

  private final MutableClock clock = new MutableClock(NOW);

  @BeforeAll
  static void startJwksServer() throws Exception {
    googleKey = rsaKey("google-1");
    otherKey = rsaKey("google-1"); // same kid, different key: a forged signature
    byte[] jwks =
        new JWKSet(googleKey.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/oauth2/v3/certs",
        exchange -> {
          fetches.incrementAndGet();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, jwks.length);
          exchange.getResponseBody().write(jwks);
          exchange.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static RSAKey rsaKey(String kid) throws Exception {
    return new RSAKeyGenerator(2048)
        .keyID(kid)
        .keyUse(KeyUse.SIGNATURE)
        .algorithm(JWSAlgorithm.RS256)
        .generate();
  }

  private static GoogleProperties properties(URI jwks) {
    return new GoogleProperties(
        jwks,
        List.of("accounts.google.com", "https://accounts.google.com"),
        CLIENT_ID,
        Duration.ofSeconds(30),
        Duration.ofHours(1),
        Duration.ofSeconds(2));
  }

  private GoogleIdTokenVerifier verifier() {
    URI jwks = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/v3/certs");
    return new GoogleIdTokenVerifier(properties(jwks), clock);
  }

  private static String idToken(RSAKey key, Consumer<JWTClaimsSet.Builder> customize)
      throws Exception {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer("https://accounts.google.com")
            .audience(CLIENT_ID)
            .subject("110169484474386276334")
            .claim("azp", CLIENT_ID)
            .claim("email", "jiwoo@example.com")
            .claim("email_verified", true)
            .claim("name", "Jiwoo Kim")
            .issueTime(Date.from(NOW.minusSeconds(60)))
            .expirationTime(Date.from(NOW.plusSeconds(3540)));
    customize.accept(claims);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims.build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private void assertRejected(String token) {
    StepVerifier.create(verifier().verify(token))
        .expectError(InvalidGoogleCredentialException.class)
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void acceptsAValidIdTokenAndFetchesKeysOffTheEventLoop() throws Exception {
    String token = idToken(googleKey, c -> {});

    StepVerifier.create(verifier().verify(token))
        .expectNext(new GoogleIdentity("110169484474386276334", "jiwoo@example.com", "Jiwoo Kim"))
        .verifyComplete();
    assertThat(fetches.get()).isPositive();
  }

  @Test
  void keyLookupRunsOnABoundedElasticThread() throws Exception {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    JWKSource<SecurityContext> recording =
        (selector, context) -> {
          threads.add(Thread.currentThread().getName());
          return selector.select(new JWKSet(googleKey.toPublicJWK()));
        };
    GoogleIdTokenVerifier verifier =
        new GoogleIdTokenVerifier(properties(URI.create("http://127.0.0.1:1/")), clock, recording);

    StepVerifier.create(verifier.verify(idToken(googleKey, c -> {})))
        .expectNextCount(1)
        .verifyComplete();
    assertThat(threads).isNotEmpty().allMatch(name -> name.startsWith("boundedElastic"));
  }

  @Test
  void bareIssuerAndMissingNameAreAccepted() throws Exception {
    String token = idToken(googleKey, c -> c.issuer("accounts.google.com").claim("name", null));

    StepVerifier.create(verifier().verify(token))
        .expectNext(new GoogleIdentity("110169484474386276334", "jiwoo@example.com", null))
        .verifyComplete();
  }

  @Test
  void keysAreCached() throws Exception {
    GoogleIdTokenVerifier verifier = verifier();
    String token = idToken(googleKey, c -> {});
    verifier.verify(token).block();
    int before = fetches.get();

    for (int i = 0; i < 5; i++) {
      verifier.verify(token).block();
    }

    assertThat(fetches.get()).isEqualTo(before);
  }

  @Test
  void wrongAudience() throws Exception {
    assertRejected(idToken(googleKey, c -> c.audience("someone-else")));
  }

  @Test
  void wrongIssuer() throws Exception {
    assertRejected(idToken(googleKey, c -> c.issuer("https://evil.example.com")));
  }

  @Test
  void expired() throws Exception {
    String token = idToken(googleKey, c -> {});
    clock.advance(Duration.ofHours(1).plusSeconds(1));
    assertRejected(token);
  }

  @Test
  void missingExpiry() throws Exception {
    assertRejected(idToken(googleKey, c -> c.expirationTime(null)));
  }

  @Test
  void unverifiedEmail() throws Exception {
    assertRejected(idToken(googleKey, c -> c.claim("email_verified", false)));
    assertRejected(idToken(googleKey, c -> c.claim("email_verified", null)));
  }

  @Test
  void missingEmail() throws Exception {
    assertRejected(idToken(googleKey, c -> c.claim("email", null)));
  }

  @Test
  void wrongSignature() throws Exception {
    assertRejected(idToken(otherKey, c -> {}));
  }

  @Test
  void tamperedPayload() throws Exception {
    String[] parts = idToken(googleKey, c -> {}).split("\\.");
    String forgedClaims =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"iss\":\"accounts.google.com\",\"aud\":\""
                        + CLIENT_ID
                        + "\",\"sub\":\"1\",\"email\":\"admin@example.com\","
                        + "\"email_verified\":true,\"exp\":4102444800}")
                    .getBytes(StandardCharsets.UTF_8));
    assertRejected(parts[0] + "." + forgedClaims + "." + parts[2]);
  }

  @Test
  void unknownKid() throws Exception {
    assertRejected(idToken(rsaKey("unknown"), c -> {}));
  }

  @Test
  void symmetricAlgorithmIsRefused() throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("google-1").build(),
            new JWTClaimsSet.Builder()
                .issuer("accounts.google.com")
                .audience(CLIENT_ID)
                .subject("1")
                .claim("email", "a@example.com")
                .claim("email_verified", true)
                .expirationTime(Date.from(NOW.plusSeconds(600)))
                .build());
    jwt.sign(new MACSigner(new byte[32]));
    assertRejected(jwt.serialize());
  }

  @Test
  void garbage() {
    assertRejected("");
    assertRejected("not a jwt");
    assertRejected("a.b.c");
    assertRejected(null);
  }

  @Test
  void unreachableKeyServerIsReportedAsUnavailable() throws Exception {
    HttpServer closed =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    int port = closed.getAddress().getPort();
    closed.stop(0);
    GoogleIdTokenVerifier verifier =
        new GoogleIdTokenVerifier(
            properties(URI.create("http://127.0.0.1:" + port + "/certs")), clock);

    StepVerifier.create(verifier.verify(idToken(googleKey, c -> {})))
        .expectError(GoogleKeysUnavailableException.class)
        .verify(Duration.ofSeconds(20));
  }
}

package io.crescendo.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import io.crescendo.web.testsupport.JwksServer;
import io.crescendo.web.testsupport.TestTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.web.server.ResponseStatusException;
import reactor.test.StepVerifier;

/** Keys from identity's JWK Set over HTTP: rotation, refetch limits, outages, timeouts. */
class RemoteJwkSetTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final UUID user = UUID.randomUUID();
  private final AccessTokenValidator rules =
      new AccessTokenValidator(
          TestTokens.ISSUER,
          TestTokens.AUDIENCE,
          Duration.ofSeconds(30),
          Clock.fixed(TestTokens.NOW, ZoneOffset.UTC));

  private ReactiveJwtDecoder decoder(String uri, Duration refetchMinInterval, Duration timeout) {
    return AccessTokenDecoders.fromJwkSetUri(
        URI.create(uri),
        new AccessTokenProperties.Jwks(Duration.ofMinutes(5), refetchMinInterval, timeout, timeout),
        rules);
  }

  private ReactiveJwtDecoder decoder(JwksServer jwks) {
    return decoder(jwks.uri(), Duration.ofMinutes(4), Duration.ofSeconds(2));
  }

  /** The test key under another {@code kid}: a key identity never published. */
  private static RSAKey unknown(String kid) {
    return new RSAKey.Builder(TestTokens.KEY).keyID(kid).build();
  }

  private String signedBy(RSAKey key) {
    return TestTokens.token(key, JWSAlgorithm.RS256, user, c -> {});
  }

  @Test
  void aKeyPublishedAfterTheFirstFetchIsFoundWhenATokenNamesIt() {
    try (JwksServer jwks = JwksServer.serving(TestTokens.KEY)) {
      ReactiveJwtDecoder decoder = decoder(jwks);
      StepVerifier.create(decoder.decode(TestTokens.access(user)))
          .expectNextCount(1)
          .verifyComplete();
      RSAKey rotated = TestTokens.generate("rotated");
      jwks.publish(rotated);
      StepVerifier.create(decoder.decode(signedBy(rotated))).expectNextCount(1).verifyComplete();
      assertThat(jwks.requests()).isEqualTo(2);
    }
  }

  @Test
  void knownKeysComeFromTheCache() {
    try (JwksServer jwks = JwksServer.serving(TestTokens.KEY)) {
      ReactiveJwtDecoder decoder = decoder(jwks);
      for (int i = 0; i < 5; i++) {
        StepVerifier.create(decoder.decode(TestTokens.access(user)))
            .expectNextCount(1)
            .verifyComplete();
      }
      assertThat(jwks.requests()).isEqualTo(1);
    }
  }

  @Test
  void unknownKidsRefetchAtMostTwicePerIntervalAndAre401() {
    try (JwksServer jwks = JwksServer.serving(TestTokens.KEY)) {
      AccessTokenAuthenticationManager manager =
          new AccessTokenAuthenticationManager(decoder(jwks));
      for (int i = 0; i < 6; i++) {
        StepVerifier.create(
                manager.authenticate(
                    new BearerTokenAuthenticationToken(signedBy(unknown("random-" + i)))))
            .expectError(InvalidBearerTokenException.class)
            .verify(WAIT);
      }
      assertThat(jwks.requests()).isEqualTo(2);
    }
  }

  @Test
  void aKeySetThatCannotBeFetchedIs503NotA401() {
    try (JwksServer jwks = JwksServer.serving(TestTokens.KEY)) {
      jwks.failing(true);
      ReactiveJwtDecoder decoder = decoder(jwks);
      StepVerifier.create(decoder.decode(TestTokens.access(user)))
          .expectError(AuthenticationServiceException.class)
          .verify(WAIT);
      StepVerifier.create(
              new AccessTokenAuthenticationManager(decoder)
                  .authenticate(new BearerTokenAuthenticationToken(TestTokens.access(user))))
          .expectErrorSatisfies(
              e ->
                  assertThat(((ResponseStatusException) e).getStatusCode())
                      .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
          .verify(WAIT);
    }
  }

  @Test
  void aKeySetThatDoesNotAnswerTimesOut() throws IOException {
    // accepts connections (the backlog does) and never answers
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      ReactiveJwtDecoder decoder =
          decoder(
              "http://127.0.0.1:" + silent.getLocalPort() + "/.well-known/jwks.json",
              Duration.ofMinutes(4),
              Duration.ofMillis(200));
      StepVerifier.create(decoder.decode(TestTokens.access(user)))
          .expectError(AuthenticationServiceException.class)
          .verify(WAIT);
    }
  }
}

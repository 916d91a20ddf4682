package io.crescendo.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.crescendo.web.testsupport.TestTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The access-token rules every service applies: algorithm, claims, times, and the caller. */
class AccessTokenAuthenticationManagerTest {

  private final Clock clock = Clock.fixed(TestTokens.NOW, ZoneOffset.UTC);
  private final ReactiveJwtDecoder decoder =
      AccessTokenDecoders.fromJwkSource(
          jwt ->
              TestTokens.KEY.getKeyID().equals(jwt.getHeader().getKeyID())
                  ? Flux.<JWK>just(TestTokens.KEY.toPublicJWK())
                  : Flux.empty(),
          new AccessTokenValidator(
              TestTokens.ISSUER, TestTokens.AUDIENCE, Duration.ofSeconds(30), clock));
  private final AccessTokenAuthenticationManager manager =
      new AccessTokenAuthenticationManager(decoder);
  private final UUID user = UUID.randomUUID();

  private Mono<Authentication> authenticate(String token) {
    return manager.authenticate(new BearerTokenAuthenticationToken(token));
  }

  private void assertInvalid(String token) {
    StepVerifier.create(authenticate(token)).verifyError(InvalidBearerTokenException.class);
  }

  private static String reason(Throwable e) {
    return ((InvalidBearerTokenException) e).getError().getDescription();
  }

  @Test
  void validTokenAuthenticatesItsUser() {
    StepVerifier.create(authenticate(TestTokens.access(user)))
        .assertNext(
            auth -> {
              assertThat(auth).isInstanceOf(JwtAuthenticationToken.class);
              assertThat(auth.isAuthenticated()).isTrue();
              assertThat(auth.getName()).isEqualTo(user.toString());
              assertThat(CurrentUser.of((Jwt) auth.getPrincipal()).id()).isEqualTo(user);
            })
        .verifyComplete();
  }

  @Test
  void expiredTokenIsRejectedAfterTheClockSkewOnTheGivenClock() {
    StepVerifier.create(authenticate(TestTokens.expiringAt(user, TestTokens.NOW.minusSeconds(29))))
        .expectNextCount(1)
        .verifyComplete();
    StepVerifier.create(authenticate(TestTokens.expiringAt(user, TestTokens.NOW.minusSeconds(31))))
        .expectErrorSatisfies(e -> assertThat(reason(e)).isEqualTo("Token is expired"))
        .verify();
  }

  @Test
  void notYetValidTokenIsRejected() {
    assertInvalid(
        TestTokens.token(user, c -> c.notBeforeTime(Date.from(TestTokens.NOW.plusSeconds(120)))));
  }

  @Test
  void tokenWithoutExpiryIsRejected() {
    assertInvalid(TestTokens.token(user, c -> c.expirationTime(null)));
  }

  @Test
  void wrongIssuerOrAudienceIsRejected() {
    assertInvalid(TestTokens.token(user, c -> c.issuer("https://elsewhere.example")));
    assertInvalid(TestTokens.token(user, c -> c.audience("another-api")));
    assertInvalid(TestTokens.token(user, c -> c.audience((String) null)));
  }

  @Test
  void refreshTypeOrMissingTypeIsRejected() {
    StepVerifier.create(authenticate(TestTokens.token(user, c -> c.claim("token_type", "refresh"))))
        .expectErrorSatisfies(e -> assertThat(reason(e)).isEqualTo("Token has wrong type"))
        .verify();
    assertInvalid(TestTokens.token(user, c -> c.claim("token_type", null)));
  }

  @Test
  void userUuidMustBeAUuid() {
    assertInvalid(TestTokens.token(user, c -> c.claim("user_uuid", null)));
    assertInvalid(TestTokens.token(user, c -> c.claim("user_uuid", "42")));
    assertInvalid(TestTokens.token(user, c -> c.claim("user_uuid", "1-2-3-4-5")));
    assertInvalid(TestTokens.token(user, c -> c.claim("user_uuid", 42)));
  }

  @Test
  void wrongTypHeaderIsRejected() throws Exception {
    RSAKey key = TestTokens.KEY;
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt-not"))
                .build(),
            SignedJWT.parse(TestTokens.access(user)).getJWTClaimsSet());
    jwt.sign(new RSASSASigner(key));
    assertInvalid(jwt.serialize());
  }

  @Test
  void foreignKeyWithTheKnownKidIsRejected() {
    RSAKey forged = TestTokens.generate(TestTokens.KEY.getKeyID());
    assertInvalid(TestTokens.token(forged, JWSAlgorithm.RS256, user, c -> {}));
  }

  @Test
  void unknownKidIsRejected() {
    assertInvalid(
        TestTokens.token(TestTokens.generate("unknown"), JWSAlgorithm.RS256, user, c -> {}));
  }

  @Test
  void otherAlgorithmsAreRejected() throws Exception {
    // RS512 with the right key
    assertInvalid(TestTokens.token(TestTokens.KEY, JWSAlgorithm.RS512, user, c -> {}));
    // HS256 "signed" with the public key (classic key confusion)
    SignedJWT hs =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(TestTokens.KEY.getKeyID()).build(),
            SignedJWT.parse(TestTokens.access(user)).getJWTClaimsSet());
    hs.sign(new MACSigner(TestTokens.KEY.toPublicJWK().toJSONString().getBytes()));
    assertInvalid(hs.serialize());
    // alg=none
    PlainJWT none =
        new PlainJWT(new PlainHeader(), SignedJWT.parse(TestTokens.access(user)).getJWTClaimsSet());
    assertInvalid(none.serialize());
  }

  @Test
  void tamperedOrGarbageTokensAreRejected() {
    String[] parts = TestTokens.access(user).split("\\.");
    assertInvalid(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 20) + "AAAA");
    assertInvalid("abc");
    assertInvalid("a.b.c");
  }

  @Test
  void otherAuthenticationTypesAreNotHandled() {
    StepVerifier.create(manager.authenticate(new UsernamePasswordAuthenticationToken("a", "b")))
        .verifyComplete();
  }
}

package io.crescendo.identity.infra.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.crescendo.identity.infra.testsupport.MutableClock;
import io.crescendo.identity.infra.token.AccessTokens;
import io.crescendo.identity.infra.token.SigningKeys;
import io.crescendo.identity.infra.token.TokenProperties;
import io.crescendo.identity.infra.token.TokenTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Verification of access tokens with the local keys, and the account check. */
class AccessTokenDecoderTest {

  private final MutableClock clock = MutableClock.startingAt("2025-03-01T10:00:00Z");
  private final TokenProperties properties = TokenTestSupport.properties();
  private final SigningKeys keys = TokenTestSupport.inMemorySigningKeys(properties, clock);
  private final AccessTokens accessTokens = new AccessTokens(keys, properties, clock);
  private final ReactiveJwtDecoder decoder = AccessTokenDecoder.create(keys, properties, clock);
  private final Set<UUID> deleted = ConcurrentHashMap.newKeySet();
  private final AccessTokenAuthenticationManager manager =
      new AccessTokenAuthenticationManager(decoder, id -> Mono.just(!deleted.contains(id)));
  private final UUID user = UUID.randomUUID();

  private Mono<Authentication> authenticate(String token) {
    return manager.authenticate(new BearerTokenAuthenticationToken(token));
  }

  private void assertInvalid(String token) {
    StepVerifier.create(authenticate(token)).verifyError(InvalidBearerTokenException.class);
  }

  /** A token like {@link AccessTokens#issue} makes, with changes, signed by {@code key}. */
  private String token(RSAKey key, JWSAlgorithm alg, Consumer<JWTClaimsSet.Builder> customize)
      throws Exception {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(TokenTestSupport.ISSUER)
            .audience(TokenTestSupport.AUDIENCE)
            .subject(user.toString())
            .claim("user_uuid", user.toString())
            .claim("token_type", "access")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(30))))
            .jwtID("0123456789abcdef0123456789abcdef");
    customize.accept(claims);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
            claims.build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private String token(Consumer<JWTClaimsSet.Builder> customize) throws Exception {
    return token(keys.current().jwk(), JWSAlgorithm.RS256, customize);
  }

  @Test
  void issuedTokenAuthenticates() {
    String token = accessTokens.issue(user);

    StepVerifier.create(authenticate(token))
        .assertNext(
            auth -> {
              assertThat(auth).isInstanceOf(JwtAuthenticationToken.class);
              assertThat(auth.isAuthenticated()).isTrue();
              assertThat(auth.getName()).isEqualTo(user.toString());
              Jwt jwt = (Jwt) auth.getPrincipal();
              assertThat(CurrentUser.of(jwt).id()).isEqualTo(user);
            })
        .verifyComplete();
  }

  @Test
  void expiredTokenIsRejectedAfterTheClockSkew() {
    String token = accessTokens.issue(user);

    clock.advance(Duration.ofMinutes(30).plusSeconds(29));
    StepVerifier.create(authenticate(token)).expectNextCount(1).verifyComplete();

    clock.advance(Duration.ofSeconds(2));
    StepVerifier.create(authenticate(token))
        .expectErrorSatisfies(
            e ->
                assertThat(((InvalidBearerTokenException) e).getError().getDescription())
                    .isEqualTo("Token is expired"))
        .verify();
  }

  @Test
  void notYetValidTokenIsRejected() throws Exception {
    assertInvalid(token(c -> c.notBeforeTime(Date.from(clock.instant().plusSeconds(120)))));
  }

  @Test
  void tokenWithoutExpiryIsRejected() throws Exception {
    assertInvalid(token(c -> c.expirationTime(null)));
  }

  @Test
  void wrongIssuerOrAudienceIsRejected() throws Exception {
    assertInvalid(token(c -> c.issuer("https://elsewhere.example")));
    assertInvalid(token(c -> c.audience("another-api")));
    assertInvalid(token(c -> c.audience((String) null)));
  }

  @Test
  void refreshTypeOrMissingTypeIsRejected() throws Exception {
    assertInvalid(token(c -> c.claim("token_type", "refresh")));
    assertInvalid(token(c -> c.claim("token_type", null)));
  }

  @Test
  void userUuidMustBeAUuid() throws Exception {
    assertInvalid(token(c -> c.claim("user_uuid", null)));
    assertInvalid(token(c -> c.claim("user_uuid", "42")));
    assertInvalid(token(c -> c.claim("user_uuid", 42)));
  }

  @Test
  void wrongTypHeaderIsRejected() throws Exception {
    RSAKey key = keys.current().jwk();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt-not"))
                .build(),
            SignedJWT.parse(accessTokens.issue(user)).getJWTClaimsSet());
    jwt.sign(new RSASSASigner(key));
    assertInvalid(jwt.serialize());
  }

  @Test
  void foreignKeyWithTheSameKidIsRejected() throws Exception {
    RSAKey forged = new RSAKeyGenerator(2048).keyID(keys.current().kid()).generate();
    assertInvalid(token(forged, JWSAlgorithm.RS256, c -> {}));
  }

  @Test
  void unknownKidIsRejected() throws Exception {
    RSAKey unknown = new RSAKeyGenerator(2048).keyID("unknown").generate();
    assertInvalid(token(unknown, JWSAlgorithm.RS256, c -> {}));
  }

  @Test
  void otherAlgorithmsAreRejected() throws Exception {
    // RS512 with the right key
    assertInvalid(token(keys.current().jwk(), JWSAlgorithm.RS512, c -> {}));
    // HS256 "signed" with the public key (classic key confusion)
    SignedJWT hs =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keys.current().kid()).build(),
            SignedJWT.parse(accessTokens.issue(user)).getJWTClaimsSet());
    hs.sign(new MACSigner(keys.current().jwk().toPublicJWK().toJSONString().getBytes()));
    assertInvalid(hs.serialize());
    // alg=none
    PlainJWT none =
        new PlainJWT(
            new PlainHeader(), SignedJWT.parse(accessTokens.issue(user)).getJWTClaimsSet());
    assertInvalid(none.serialize());
  }

  @Test
  void tamperedOrGarbageTokensAreRejected() {
    String token = accessTokens.issue(user);
    String[] parts = token.split("\\.");
    assertInvalid(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 20) + "AAAA");
    assertInvalid("abc");
    assertInvalid("a.b.c");
  }

  @Test
  void tokenOfTheRotatedKeyStillVerifiesUntilItExpires() {
    String old = accessTokens.issue(user);
    keys.rotate();
    String fresh = accessTokens.issue(user);

    clock.advance(Duration.ofMinutes(29));
    StepVerifier.create(authenticate(old)).expectNextCount(1).verifyComplete();
    StepVerifier.create(authenticate(fresh)).expectNextCount(1).verifyComplete();
  }

  @Test
  void deletedAccountGetsUserNotFound() {
    String token = accessTokens.issue(user);
    deleted.add(user);

    StepVerifier.create(authenticate(token)).verifyError(UserNotFoundException.class);
  }

  @Test
  void otherAuthenticationTypesAreNotHandled() {
    StepVerifier.create(
            manager.authenticate(
                new org.springframework.security.authentication.UsernamePasswordAuthenticationToken(
                    "a", "b")))
        .verifyComplete();
  }
}

package io.crescendo.identity.infra.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.crescendo.identity.infra.testsupport.MutableClock;
import io.crescendo.identity.infra.token.AccessTokens;
import io.crescendo.identity.infra.token.SigningKeys;
import io.crescendo.identity.infra.token.TokenProperties;
import io.crescendo.identity.infra.token.TokenTestSupport;
import io.crescendo.web.security.CurrentUser;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Verification of access tokens with the local keys, and the account check. (The rules every
 * service applies are tested with service-web's {@code AccessTokenAuthenticationManager}.)
 */
class AccessTokenDecoderTest {

  private final MutableClock clock = MutableClock.startingAt("2025-03-01T10:00:00Z");
  private final TokenProperties properties = TokenTestSupport.properties();
  private final SigningKeys keys = TokenTestSupport.inMemorySigningKeys(properties, clock);
  private final AccessTokens accessTokens = new AccessTokens(keys, properties, clock);
  private final ReactiveJwtDecoder decoder = AccessTokenDecoder.create(keys, properties, clock);
  private final Set<UUID> deleted = ConcurrentHashMap.newKeySet();
  private final ActiveAccountAuthenticationManager manager =
      new ActiveAccountAuthenticationManager(decoder, id -> Mono.just(!deleted.contains(id)));
  private final UUID user = UUID.randomUUID();

  private Mono<Authentication> authenticate(String token) {
    return manager.authenticate(new BearerTokenAuthenticationToken(token));
  }

  private void assertInvalid(String token) {
    StepVerifier.create(authenticate(token)).verifyError(InvalidBearerTokenException.class);
  }

  /** The claims {@link AccessTokens#issue} makes, signed by {@code key} under its kid. */
  private String signedBy(RSAKey key) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            SignedJWT.parse(accessTokens.issue(user)).getJWTClaimsSet());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
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
  void foreignKeyWithTheSameKidIsRejected() throws Exception {
    RSAKey forged = new RSAKeyGenerator(2048).keyID(keys.current().kid()).generate();
    assertInvalid(signedBy(forged));
  }

  @Test
  void unknownKidIsRejected() throws Exception {
    RSAKey unknown = new RSAKeyGenerator(2048).keyID("unknown").generate();
    assertInvalid(signedBy(unknown));
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
}

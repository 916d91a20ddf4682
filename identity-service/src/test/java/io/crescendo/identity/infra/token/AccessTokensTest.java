package io.crescendo.identity.infra.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.crescendo.identity.infra.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

  private final MutableClock clock = MutableClock.startingAt("2025-03-01T10:15:30.250Z");
  private final TokenProperties properties = TokenTestSupport.properties();
  private final SigningKeys keys = TokenTestSupport.inMemorySigningKeys(properties, clock);
  private final AccessTokens tokens = new AccessTokens(keys, properties, clock);

  @Test
  void issuesSignedAccessTokenWithAllClaims() throws Exception {
    UUID user = UUID.randomUUID();

    SignedJWT jwt = SignedJWT.parse(tokens.issue(user));

    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(keys.current().kid());

    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(TokenTestSupport.ISSUER);
    assertThat(claims.getAudience()).containsExactly(TokenTestSupport.AUDIENCE);
    assertThat(claims.getSubject()).isEqualTo(user.toString());
    assertThat(claims.getStringClaim("user_uuid")).isEqualTo(user.toString());
    assertThat(claims.getStringClaim("token_type")).isEqualTo("access");
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2025-03-01T10:15:30Z"));
    assertThat(claims.getExpirationTime().toInstant())
        .isEqualTo(Instant.parse("2025-03-01T10:45:30Z"));
    assertThat(claims.getJWTID()).matches("[0-9a-f]{32}");
  }

  @Test
  void signatureVerifiesWithThePublishedKeyOnly() throws Exception {
    SignedJWT jwt = SignedJWT.parse(tokens.issue(UUID.randomUUID()));
    JWKSet published = keys.publishedKeys();
    RSAKey key = (RSAKey) published.getKeyByKeyId(jwt.getHeader().getKeyID());

    assertThat(key.isPrivate()).isFalse();
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
    assertThat(published.toString(false)).doesNotContain("\"d\"", "\"p\"", "\"q\"");
    assertThat(key.size()).isEqualTo(2048);
  }

  @Test
  void jtiIsUniquePerToken() throws Exception {
    UUID user = UUID.randomUUID();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      ids.add(SignedJWT.parse(tokens.issue(user)).getJWTClaimsSet().getJWTID());
    }
    assertThat(ids).hasSize(50);
  }

  @Test
  void afterRotationNewTokensUseTheNewKidAndBothKeysArePublished() throws Exception {
    String before = SignedJWT.parse(tokens.issue(UUID.randomUUID())).getHeader().getKeyID();

    keys.rotate();
    String after = SignedJWT.parse(tokens.issue(UUID.randomUUID())).getHeader().getKeyID();

    assertThat(after).isNotEqualTo(before);
    assertThat(keys.publishedKeys().getKeys())
        .extracting(k -> k.getKeyID())
        .containsExactly(after, before);

    // long after every token of the old key expired it is still served as "the previous key",
    // but a second rotation drops it
    clock.advance(Duration.ofDays(1));
    assertThat(keys.publishedKeys().getKeys()).extracting(k -> k.getKeyID()).contains(before);
    keys.rotate();
    assertThat(keys.publishedKeys().getKeys())
        .extracting(k -> k.getKeyID())
        .doesNotContain(before)
        .contains(after);
  }
}

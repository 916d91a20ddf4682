package io.crescendo.web.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;

/** Access tokens as identity-service issues them, signed with a test key, at a fixed "now". */
public final class TestTokens {

  public static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
  public static final String ISSUER = "https://api.crescendo.test";
  public static final String AUDIENCE = "crescendo-api";

  /** The key identity would publish; generated once, RSA generation is slow. */
  public static final RSAKey KEY = generate("test-key");

  private TestTokens() {}

  public static RSAKey generate(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A valid access token of this user. */
  public static String access(UUID user) {
    return token(KEY, JWSAlgorithm.RS256, user, claims -> {});
  }

  /** A token like identity's, changed by {@code customize}, signed by {@code key}. */
  public static String token(
      RSAKey key, JWSAlgorithm alg, UUID user, Consumer<JWTClaimsSet.Builder> customize) {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject(user.toString())
            .claim("user_uuid", user.toString())
            .claim("token_type", "access")
            .issueTime(Date.from(NOW))
            .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(30))))
            .jwtID("0123456789abcdef0123456789abcdef");
    customize.accept(claims);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
            claims.build());
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** A token issued 30 minutes before it expires at {@code expiry}. */
  public static String expiringAt(UUID user, Instant expiry) {
    return token(
        user,
        c ->
            c.issueTime(Date.from(expiry.minus(Duration.ofMinutes(30))))
                .expirationTime(Date.from(expiry)));
  }

  public static String token(UUID user, Consumer<JWTClaimsSet.Builder> customize) {
    return token(KEY, JWSAlgorithm.RS256, user, customize);
  }
}

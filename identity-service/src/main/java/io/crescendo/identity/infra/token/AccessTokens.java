package io.crescendo.identity.infra.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.crescendo.web.security.AccessTokenClaims;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * Issues RS256 access tokens.
 *
 * <p>Header {@code alg=RS256}, {@code typ=JWT}, {@code kid}; claims {@code iss}, {@code aud},
 * {@code sub} and {@code user_uuid} (the user's UUID), {@code token_type="access"}, {@code iat},
 * {@code exp} ({@code access-token-ttl} later) and {@code jti} (32 hex characters).
 */
@Component
public class AccessTokens {

  private final SigningKeys signingKeys;
  private final TokenProperties properties;
  private final Clock clock;

  public AccessTokens(SigningKeys signingKeys, TokenProperties properties, Clock clock) {
    this.signingKeys = signingKeys;
    this.properties = properties;
    this.clock = clock;
  }

  /** A signed access token for this user. Blocking only when the keys must be (re)loaded. */
  public String issue(UUID userId) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    SigningKeys.KeyRing.Entry key = signingKeys.currentEntry();
    JWSHeader header =
        new JWSHeader.Builder(SigningKey.ALGORITHM)
            .keyID(key.key().kid())
            .type(JOSEObjectType.JWT)
            .build();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(properties.issuer())
            .audience(properties.audience())
            .subject(userId.toString())
            .claim(AccessTokenClaims.USER_UUID, userId.toString())
            .claim(AccessTokenClaims.TOKEN_TYPE, AccessTokenClaims.ACCESS)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(properties.accessTokenTtl())))
            .jwtID(newJti())
            .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(key.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign access token", e);
    }
    return jwt.serialize();
  }

  private static String newJti() {
    // uniqueness, not secrecy: 128 random bits as 32 lowercase hex characters
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return HexFormat.of().toHexDigits(random.nextLong())
        + HexFormat.of().toHexDigits(random.nextLong());
  }
}

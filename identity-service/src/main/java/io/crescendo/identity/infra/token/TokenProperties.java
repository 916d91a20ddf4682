package io.crescendo.identity.infra.token;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token settings under {@code crescendo.identity.*}.
 *
 * @param issuer {@code iss} of access tokens (the public origin)
 * @param audience {@code aud} of access tokens
 * @param accessTokenTtl lifetime of an access token (30 minutes)
 * @param refreshTokenTtl lifetime of a refresh token, renewed on each rotation (7 days)
 * @param refreshReuseInterval how long a rotated refresh token still yields the same successor
 * @param signingKeyRotation age after which the current signing key is replaced
 * @param signingKeyPublishLead how long a successor key is published in the JWKS before it signs
 * @param clockSkew tolerance for {@code exp}/{@code nbf} checks
 */
@ConfigurationProperties("crescendo.identity")
public record TokenProperties(
    String issuer,
    String audience,
    @DefaultValue("PT30M") Duration accessTokenTtl,
    @DefaultValue("P7D") Duration refreshTokenTtl,
    @DefaultValue("PT10S") Duration refreshReuseInterval,
    @DefaultValue("P30D") Duration signingKeyRotation,
    @DefaultValue("PT10M") Duration signingKeyPublishLead,
    @DefaultValue("PT30S") Duration clockSkew) {

  public TokenProperties {
    Objects.requireNonNull(issuer, "crescendo.identity.issuer");
    Objects.requireNonNull(audience, "crescendo.identity.audience");
    requirePositive(accessTokenTtl, "access-token-ttl");
    requirePositive(refreshTokenTtl, "refresh-token-ttl");
    requireNonNegative(refreshReuseInterval, "refresh-reuse-interval");
    requirePositive(signingKeyRotation, "signing-key-rotation");
    requireNonNegative(signingKeyPublishLead, "signing-key-publish-lead");
    requireNonNegative(clockSkew, "clock-skew");
  }

  /** How long after its retirement a signing key must still verify tokens. */
  public Duration verificationGrace() {
    return accessTokenTtl.plus(clockSkew);
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("crescendo.identity." + name + " must be positive");
    }
  }

  private static void requireNonNegative(Duration d, String name) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException("crescendo.identity." + name + " must not be negative");
    }
  }
}

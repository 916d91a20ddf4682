package io.crescendo.web.security;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service verifies access tokens, under {@code crescendo.security.*}. Setting {@code
 * jwks-uri} turns the verification on ({@link ResourceServerAutoConfiguration}).
 *
 * @param jwksUri identity-service's JWK Set ({@code …/.well-known/jwks.json})
 * @param issuer the expected {@code iss}: identity's {@code crescendo.identity.issuer}
 * @param audience the expected {@code aud}
 * @param clockSkew tolerance for {@code exp} and {@code nbf}
 * @param jwks how the JWK Set is fetched and cached ({@code crescendo.security.jwks.*})
 * @param verifiedTokens how many verified tokens are remembered ({@link VerifiedTokenCache}; 0
 *     verifies the signature on every request)
 */
@ConfigurationProperties("crescendo.security")
public record AccessTokenProperties(
    URI jwksUri,
    String issuer,
    @DefaultValue("crescendo-api") String audience,
    @DefaultValue("PT30S") Duration clockSkew,
    @DefaultValue Jwks jwks,
    @DefaultValue("10000") long verifiedTokens) {

  public AccessTokenProperties {
    Objects.requireNonNull(jwksUri, "crescendo.security.jwks-uri");
    Objects.requireNonNull(issuer, "crescendo.security.issuer");
    Objects.requireNonNull(audience, "crescendo.security.audience");
    if (clockSkew == null || clockSkew.isNegative()) {
      throw new IllegalArgumentException("crescendo.security.clock-skew must not be negative");
    }
    if (jwks == null) {
      jwks = Jwks.defaults();
    }
    if (verifiedTokens < 0) {
      throw new IllegalArgumentException("crescendo.security.verified-tokens must not be negative");
    }
  }

  /**
   * Fetching identity-service's JWK Set ({@link RemoteJwkSet}).
   *
   * @param cacheTtl how long a fetched key set is trusted before it is fetched again
   * @param refetchMinInterval at most two fetches per interval, whatever {@code kid}s come in;
   *     shorter than {@code cacheTtl}
   * @param connectTimeout connect timeout of a fetch
   * @param readTimeout read timeout of a fetch
   */
  public record Jwks(
      @DefaultValue("PT5M") Duration cacheTtl,
      @DefaultValue("PT30S") Duration refetchMinInterval,
      @DefaultValue("PT1S") Duration connectTimeout,
      @DefaultValue("PT2S") Duration readTimeout) {

    public Jwks {
      positive(cacheTtl, "cache-ttl");
      positive(refetchMinInterval, "refetch-min-interval");
      positive(connectTimeout, "connect-timeout");
      positive(readTimeout, "read-timeout");
      if (refetchMinInterval.compareTo(cacheTtl) >= 0) {
        // Nimbus' rule: a cached set must be refetchable before it expires
        throw new IllegalArgumentException(
            "crescendo.security.jwks.refetch-min-interval must be shorter than cache-ttl");
      }
    }

    /** PT5M, PT30S, PT1S, PT2S. */
    public static Jwks defaults() {
      return new Jwks(
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          Duration.ofSeconds(1),
          Duration.ofSeconds(2));
    }

    private static void positive(Duration value, String name) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("crescendo.security.jwks." + name + " must be positive");
      }
    }
  }
}

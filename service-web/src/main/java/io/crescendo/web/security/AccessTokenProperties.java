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
 */
@ConfigurationProperties("crescendo.security")
public record AccessTokenProperties(
    URI jwksUri,
    String issuer,
    @DefaultValue("crescendo-api") String audience,
    @DefaultValue("PT30S") Duration clockSkew) {

  public AccessTokenProperties {
    Objects.requireNonNull(jwksUri, "crescendo.security.jwks-uri");
    Objects.requireNonNull(issuer, "crescendo.security.issuer");
    Objects.requireNonNull(audience, "crescendo.security.audience");
    if (clockSkew == null || clockSkew.isNegative()) {
      throw new IllegalArgumentException("crescendo.security.clock-skew must not be negative");
    }
  }
}

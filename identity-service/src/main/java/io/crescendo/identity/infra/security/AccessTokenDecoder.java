package io.crescendo.identity.infra.security;

import com.nimbusds.jose.jwk.JWK;
import io.crescendo.identity.infra.token.SigningKeys;
import io.crescendo.identity.infra.token.TokenProperties;
import io.crescendo.web.security.AccessTokenDecoders;
import io.crescendo.web.security.AccessTokenValidator;
import java.time.Clock;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Verifies this service's own access tokens against the local signing keys (no HTTP to itself),
 * with the rules every service applies ({@link AccessTokenValidator}): exactly the keys the JWKS
 * publishes, RS256 only.
 */
public final class AccessTokenDecoder {

  private AccessTokenDecoder() {}

  public static ReactiveJwtDecoder create(
      SigningKeys signingKeys, TokenProperties properties, Clock clock) {
    return AccessTokenDecoders.fromJwkSource(
        jwt -> signingKeys.verificationKey(jwt.getHeader().getKeyID()).<JWK>map(key -> key).flux(),
        new AccessTokenValidator(
            properties.issuer(), properties.audience(), properties.clockSkew(), clock));
  }
}

package io.crescendo.identity.infra.security;

import com.nimbusds.jose.jwk.JWK;
import io.crescendo.identity.infra.token.AccessTokens;
import io.crescendo.identity.infra.token.SigningKeys;
import io.crescendo.identity.infra.token.TokenProperties;
import java.time.Clock;
import java.util.UUID;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Verifies this service's own access tokens against the local signing keys (no HTTP to itself):
 * RS256 only, known {@code kid}, {@code typ=JWT}, {@code iss}, {@code aud}, {@code exp} (required)
 * and {@code nbf} with the configured clock skew on the injected {@link Clock}, {@code
 * token_type="access"}, {@code user_uuid} a UUID.
 */
public final class AccessTokenDecoder {

  private AccessTokenDecoder() {}

  public static ReactiveJwtDecoder create(
      SigningKeys signingKeys, TokenProperties properties, Clock clock) {
    NimbusReactiveJwtDecoder decoder =
        NimbusReactiveJwtDecoder.withJwkSource(
                jwt ->
                    signingKeys
                        .verificationKey(jwt.getHeader().getKeyID())
                        .<JWK>map(key -> key)
                        .flux())
            .jwsAlgorithm(SignatureAlgorithm.RS256)
            .build();
    decoder.setJwtValidator(validator(properties, clock));
    return decoder;
  }

  static OAuth2TokenValidator<Jwt> validator(TokenProperties properties, Clock clock) {
    JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
    timestamps.setClock(clock);
    timestamps.setAllowEmptyExpiryClaim(false);
    return new DelegatingOAuth2TokenValidator<>(
        JwtTypeValidator.jwt(),
        timestamps,
        new JwtIssuerValidator(properties.issuer()),
        new JwtAudienceValidator(properties.audience()),
        AccessTokenDecoder::accessTokenType,
        AccessTokenDecoder::userUuid);
  }

  private static OAuth2TokenValidatorResult accessTokenType(Jwt jwt) {
    Object type = jwt.getClaims().get(AccessTokens.CLAIM_TOKEN_TYPE);
    return AccessTokens.TOKEN_TYPE_ACCESS.equals(type)
        ? OAuth2TokenValidatorResult.success()
        : failure("Token has wrong type");
  }

  private static OAuth2TokenValidatorResult userUuid(Jwt jwt) {
    Object value = jwt.getClaims().get(AccessTokens.CLAIM_USER_UUID);
    if (value instanceof String s && s.length() == 36) {
      try {
        UUID.fromString(s);
        return OAuth2TokenValidatorResult.success();
      } catch (IllegalArgumentException e) {
        // fall through
      }
    }
    return failure("Token contained no recognizable user identification");
  }

  private static OAuth2TokenValidatorResult failure(String description) {
    return OAuth2TokenValidatorResult.failure(
        new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
  }
}

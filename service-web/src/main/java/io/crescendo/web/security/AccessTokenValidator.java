package io.crescendo.web.security;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;

/**
 * The claim rules of a Crescendo access token, the same in every service: {@code typ=JWT} (or
 * none), {@code iss}, {@code aud}, {@code exp} (required) and {@code nbf} within the clock skew on
 * the given clock, {@code token_type="access"} (a refresh token is no access token) and {@code
 * user_uuid} a UUID. The signature and the algorithm are checked by the decoder ({@link
 * AccessTokenDecoders}).
 */
public final class AccessTokenValidator implements OAuth2TokenValidator<Jwt> {

  private final OAuth2TokenValidator<Jwt> rules;

  /**
   * @param issuer the expected {@code iss} (the public origin)
   * @param audience the expected {@code aud}
   * @param clockSkew tolerance for {@code exp} and {@code nbf}
   * @param clock "now"; the service clock, so that a shifted demo clock agrees with the issuer
   */
  public AccessTokenValidator(String issuer, String audience, Duration clockSkew, Clock clock) {
    JwtTimestampValidator timestamps = new JwtTimestampValidator(clockSkew);
    timestamps.setClock(clock);
    timestamps.setAllowEmptyExpiryClaim(false);
    this.rules =
        new DelegatingOAuth2TokenValidator<>(
            JwtTypeValidator.jwt(),
            timestamps,
            new JwtIssuerValidator(issuer),
            new JwtAudienceValidator(audience),
            AccessTokenValidator::accessTokenType,
            AccessTokenValidator::userUuid);
  }

  @Override
  public OAuth2TokenValidatorResult validate(Jwt jwt) {
    return rules.validate(jwt);
  }

  private static OAuth2TokenValidatorResult accessTokenType(Jwt jwt) {
    return AccessTokenClaims.ACCESS.equals(jwt.getClaims().get(AccessTokenClaims.TOKEN_TYPE))
        ? OAuth2TokenValidatorResult.success()
        : failure("Token has wrong type");
  }

  private static OAuth2TokenValidatorResult userUuid(Jwt jwt) {
    // 36 characters: UUID.fromString also accepts abbreviated forms such as "1-2-3-4-5"
    if (jwt.getClaims().get(AccessTokenClaims.USER_UUID) instanceof String s && s.length() == 36) {
      try {
        UUID.fromString(s);
        return OAuth2TokenValidatorResult.success();
      } catch (IllegalArgumentException e) {
        // not a UUID: refused below
      }
    }
    return failure("Token contained no recognizable user identification");
  }

  private static OAuth2TokenValidatorResult failure(String description) {
    return OAuth2TokenValidatorResult.failure(
        new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
  }
}

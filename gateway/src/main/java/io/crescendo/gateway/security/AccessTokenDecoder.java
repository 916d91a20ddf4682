package io.crescendo.gateway.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.SignedJWT;
import io.crescendo.gateway.GatewayProperties;
import java.net.MalformedURLException;
import java.util.List;
import java.util.UUID;
import org.springframework.security.authentication.AuthenticationServiceException;
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
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Verifies access tokens issued by identity-service against its JWKS: RS256 only, {@code iss},
 * {@code aud}, {@code exp} (required) and {@code nbf} with clock skew, {@code token_type="access"},
 * {@code user_uuid} a UUID.
 *
 * <p>Keys come from Nimbus' {@link JWKSourceBuilder}: cached, refreshed ahead of expiry, and
 * fetched again when a token names an unknown {@code kid}, at most twice per {@code
 * refetch-min-interval} (a flood of random {@code kid}s cannot turn into a flood of JWKS fetches).
 * The blocking fetch runs on {@code boundedElastic}. A JWKS that cannot be fetched is an {@link
 * AuthenticationServiceException} (the gateway answers 503), an unknown key is a 401.
 */
public final class AccessTokenDecoder {

  static final String CLAIM_TOKEN_TYPE = "token_type";
  static final String CLAIM_USER_UUID = "user_uuid";

  private AccessTokenDecoder() {}

  public static ReactiveJwtDecoder create(GatewayProperties properties) {
    JWKSource<SecurityContext> keys = jwkSource(properties.jwks());
    NimbusReactiveJwtDecoder decoder =
        NimbusReactiveJwtDecoder.withJwkSource(jwt -> select(keys, jwt))
            .jwsAlgorithm(SignatureAlgorithm.RS256)
            .build();
    decoder.setJwtValidator(validator(properties));
    return token ->
        decoder
            .decode(token)
            .onErrorMap(
                IllegalStateException.class,
                e -> new AuthenticationServiceException("Signing keys unavailable", e));
  }

  static JWKSource<SecurityContext> jwkSource(GatewayProperties.Jwks jwks) {
    DefaultResourceRetriever retriever =
        new DefaultResourceRetriever(
            (int) jwks.connectTimeout().toMillis(),
            (int) jwks.readTimeout().toMillis(),
            256 * 1024);
    try {
      return JWKSourceBuilder.create(jwks.uri().toURL(), retriever)
          .cache(
              jwks.cacheTtl().toMillis(), jwks.readTimeout().plus(jwks.connectTimeout()).toMillis())
          .rateLimited(jwks.refetchMinInterval().toMillis())
          .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("crescendo.gateway.jwks.uri: " + jwks.uri(), e);
    }
  }

  private static Flux<JWK> select(JWKSource<SecurityContext> keys, SignedJWT jwt) {
    JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
    return Mono.fromCallable(() -> fetch(keys, selector))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMapMany(Flux::fromIterable);
  }

  private static List<JWK> fetch(JWKSource<SecurityContext> keys, JWKSelector selector)
      throws KeySourceException {
    try {
      return keys.get(selector, null);
    } catch (RateLimitReachedException e) {
      return List.of(); // unknown kid and no refetch allowed right now: the token is rejected
    }
  }

  static OAuth2TokenValidator<Jwt> validator(GatewayProperties properties) {
    JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
    timestamps.setAllowEmptyExpiryClaim(false);
    return new DelegatingOAuth2TokenValidator<>(
        timestamps,
        new JwtIssuerValidator(properties.issuer()),
        new JwtAudienceValidator(properties.audience()),
        AccessTokenDecoder::accessTokenType,
        AccessTokenDecoder::userUuid);
  }

  private static OAuth2TokenValidatorResult accessTokenType(Jwt jwt) {
    return "access".equals(jwt.getClaims().get(CLAIM_TOKEN_TYPE))
        ? OAuth2TokenValidatorResult.success()
        : failure("Token has wrong type");
  }

  private static OAuth2TokenValidatorResult userUuid(Jwt jwt) {
    if (jwt.getClaims().get(CLAIM_USER_UUID) instanceof String s && s.length() == 36) {
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

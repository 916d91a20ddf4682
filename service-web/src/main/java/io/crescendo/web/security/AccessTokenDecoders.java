package io.crescendo.web.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.util.function.Function;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;

/**
 * Decoders of Crescendo access tokens: RS256 only (never {@code none}, never an HMAC keyed with a
 * public key), a key found by {@code kid}, then the {@link AccessTokenValidator} rules.
 *
 * <p>A bad token is a {@code BadJwtException} (401). Keys that cannot be looked up are an {@link
 * AuthenticationServiceException}: Spring Security rethrows it instead of answering 401, and {@link
 * AccessTokenAuthenticationManager} makes it a 503.
 */
public final class AccessTokenDecoders {

  private AccessTokenDecoders() {}

  /**
   * Keys from identity-service's JWK Set (every other service, the gateway): see {@link
   * RemoteJwkSet} for caching, refetching on an unknown {@code kid} and timeouts.
   */
  public static ReactiveJwtDecoder fromJwkSetUri(
      URI jwkSetUri, AccessTokenProperties.Jwks fetching, AccessTokenValidator rules) {
    return fromJwkSource(RemoteJwkSet.of(jwkSetUri, fetching), rules);
  }

  /** Keys the caller looks up itself: identity-service verifies with its own signing keys. */
  public static ReactiveJwtDecoder fromJwkSource(
      Function<SignedJWT, Flux<JWK>> keys, AccessTokenValidator rules) {
    NimbusReactiveJwtDecoder decoder =
        NimbusReactiveJwtDecoder.withJwkSource(keys).jwsAlgorithm(SignatureAlgorithm.RS256).build();
    decoder.setJwtValidator(rules);
    return token ->
        decoder
            .decode(token)
            // the decoder's word for keys it could not obtain
            .onErrorMap(
                IllegalStateException.class,
                e -> new AuthenticationServiceException("Signing keys unavailable", e));
  }
}

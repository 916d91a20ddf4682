package io.crescendo.web.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import java.util.function.Function;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Flux;

/**
 * Decoders of Crescendo access tokens: RS256 only (never {@code none}, never an HMAC keyed with a
 * public key), a key found by {@code kid}, then the {@link AccessTokenValidator} rules.
 */
public final class AccessTokenDecoders {

  private AccessTokenDecoders() {}

  /**
   * Keys from identity-service's JWKS (every other service). The set is cached and fetched again
   * when a token names a {@code kid} it does not hold, so a rotated-in key is found.
   */
  public static ReactiveJwtDecoder fromJwkSetUri(String jwkSetUri, AccessTokenValidator rules) {
    NimbusReactiveJwtDecoder decoder =
        NimbusReactiveJwtDecoder.withJwkSetUri(jwkSetUri)
            .jwsAlgorithm(SignatureAlgorithm.RS256)
            .build();
    decoder.setJwtValidator(rules);
    return decoder;
  }

  /** Keys the caller looks up itself: identity-service verifies with its own signing keys. */
  public static ReactiveJwtDecoder fromJwkSource(
      Function<SignedJWT, Flux<JWK>> keys, AccessTokenValidator rules) {
    NimbusReactiveJwtDecoder decoder =
        NimbusReactiveJwtDecoder.withJwkSource(keys).jwsAlgorithm(SignatureAlgorithm.RS256).build();
    decoder.setJwtValidator(rules);
    return decoder;
  }
}

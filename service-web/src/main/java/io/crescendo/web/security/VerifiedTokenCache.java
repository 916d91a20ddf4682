package io.crescendo.web.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers access tokens whose signature has been verified, so that a client's next requests with
 * the same token skip the parsing and the RSA verification: these were half of the gateway's CPU
 * per authenticated request (docs/benchmarks.md).
 *
 * <p>Only the signature check is remembered. Every request still runs the claim rules ({@code exp},
 * {@code nbf}, {@code iss}, {@code aud}, {@code token_type}) against the service clock, so an
 * expired token is refused as before. A token stays remembered for at most {@code ttl} (the JWK
 * Set's cache time, so a withdrawn signing key stops being honoured as soon as it would without the
 * cache). Failures are never remembered.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

  private final ReactiveJwtDecoder verifier;
  private final OAuth2TokenValidator<Jwt> rules;
  private final Cache<String, Jwt> verified;

  /**
   * @param verifier the full decoder: signature and claim rules
   * @param rules the claim rules, run again on every remembered token
   * @param maximumSize tokens remembered at most (least recently used go first)
   * @param ttl how long a token is remembered after its verification
   */
  VerifiedTokenCache(
      ReactiveJwtDecoder verifier,
      OAuth2TokenValidator<Jwt> rules,
      long maximumSize,
      Duration ttl) {
    this(verifier, rules, maximumSize, ttl, Ticker.systemTicker());
  }

  VerifiedTokenCache(
      ReactiveJwtDecoder verifier,
      OAuth2TokenValidator<Jwt> rules,
      long maximumSize,
      Duration ttl,
      Ticker ticker) {
    this.verifier = verifier;
    this.rules = rules;
    this.verified =
        Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(ttl).ticker(ticker).build();
  }

  @Override
  public Mono<Jwt> decode(String token) {
    Jwt known = verified.getIfPresent(token);
    if (known == null) {
      return verifier.decode(token).doOnNext(jwt -> verified.put(token, jwt));
    }
    var result = rules.validate(known);
    if (result.hasErrors()) {
      verified.invalidate(token);
      // the message the decoder gives for the same failure
      String message = result.getErrors().iterator().next().getDescription();
      return Mono.error(new JwtValidationException(message, result.getErrors()));
    }
    return Mono.just(known);
  }
}

package io.crescendo.web.security;

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
import java.net.MalformedURLException;
import java.net.URI;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * identity-service's signing keys, fetched from its JWK Set URL with Nimbus' {@link
 * JWKSourceBuilder}: cached for {@code cache-ttl} and refreshed ahead of expiry, fetched again when
 * a token names an unknown {@code kid}, at most twice per {@code refetch-min-interval} (a flood of
 * random {@code kid}s cannot turn into a flood of fetches), with connect and read timeouts. The
 * blocking fetch runs on {@code boundedElastic}.
 *
 * <p>An unknown {@code kid} once the refetches are used up gives no key (the token is refused,
 * 401). A key set that cannot be fetched is an error, which {@link AccessTokenDecoders} turns into
 * an {@code AuthenticationServiceException} (503: the token may well be valid).
 */
public final class RemoteJwkSet implements Function<SignedJWT, Flux<JWK>> {

  /** Far above identity's few keys; a bigger answer is not a key set. */
  private static final int SIZE_LIMIT = 256 * 1024;

  private final JWKSource<SecurityContext> keys;

  private RemoteJwkSet(JWKSource<SecurityContext> keys) {
    this.keys = keys;
  }

  public static RemoteJwkSet of(URI uri, AccessTokenProperties.Jwks fetching) {
    DefaultResourceRetriever retriever =
        new DefaultResourceRetriever(
            (int) fetching.connectTimeout().toMillis(),
            (int) fetching.readTimeout().toMillis(),
            SIZE_LIMIT);
    try {
      return new RemoteJwkSet(
          JWKSourceBuilder.create(uri.toURL(), retriever)
              .cache(
                  fetching.cacheTtl().toMillis(),
                  fetching.readTimeout().plus(fetching.connectTimeout()).toMillis())
              .rateLimited(fetching.refetchMinInterval().toMillis())
              .build());
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("JWK Set URI is not a URL: " + uri, e);
    }
  }

  /** The keys matching the token's header ({@code kid}, {@code alg}, use). */
  @Override
  public Flux<JWK> apply(SignedJWT jwt) {
    JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
    return Mono.fromCallable(() -> fetch(selector))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMapMany(Flux::fromIterable);
  }

  private List<JWK> fetch(JWKSelector selector) throws KeySourceException {
    try {
      return keys.get(selector, null);
    } catch (RateLimitReachedException e) {
      return List.of(); // unknown kid and no refetch allowed right now: the token is refused
    }
  }
}

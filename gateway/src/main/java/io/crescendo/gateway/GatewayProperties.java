package io.crescendo.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the gateway ({@code crescendo.gateway.*}).
 *
 * @param issuer expected {@code iss} of access tokens (the public origin)
 * @param audience expected {@code aud} of access tokens
 * @param clockSkew tolerance for the {@code exp}/{@code nbf} checks
 * @param jwks where and how identity-service's signing keys are fetched
 * @param authRateLimit requests per minute and client address on sign-up and the login endpoints
 * @param resilience circuit breaker and time limit of every route
 */
@ConfigurationProperties("crescendo.gateway")
public record GatewayProperties(
    String issuer,
    @DefaultValue("crescendo-api") String audience,
    @DefaultValue("PT30S") Duration clockSkew,
    Jwks jwks,
    @DefaultValue("20") int authRateLimit,
    @DefaultValue Resilience resilience) {

  public GatewayProperties {
    Objects.requireNonNull(issuer, "crescendo.gateway.issuer");
    Objects.requireNonNull(jwks, "crescendo.gateway.jwks.uri");
    if (authRateLimit < 1) {
      throw new IllegalArgumentException("crescendo.gateway.auth-rate-limit must be positive");
    }
  }

  /**
   * @param uri identity-service's JWKS endpoint
   * @param cacheTtl how long a fetched key set is trusted before it is fetched again
   * @param refetchMinInterval at most two fetches per interval, whatever {@code kid}s come in
   * @param connectTimeout connect timeout of a fetch
   * @param readTimeout read timeout of a fetch
   */
  public record Jwks(
      URI uri,
      @DefaultValue("PT5M") Duration cacheTtl,
      @DefaultValue("PT30S") Duration refetchMinInterval,
      @DefaultValue("PT1S") Duration connectTimeout,
      @DefaultValue("PT2S") Duration readTimeout) {

    public Jwks {
      Objects.requireNonNull(uri, "crescendo.gateway.jwks.uri");
    }
  }

  /**
   * @param timeLimit longest wait for a backend answer before the route answers 503
   * @param timeLimits per circuit breaker (route group) overrides of {@code timeLimit}: reads are
   *     answered from read models in milliseconds, so a slow one is cut short sooner
   * @param slidingWindowSize calls remembered by each route's circuit breaker
   * @param minimumNumberOfCalls calls needed before a failure rate is computed
   * @param failureRateThreshold failure percentage that opens the breaker
   * @param waitInOpenState how long an open breaker refuses calls
   */
  public record Resilience(
      @DefaultValue("PT5S") Duration timeLimit,
      @DefaultValue Map<String, Duration> timeLimits,
      @DefaultValue("20") int slidingWindowSize,
      @DefaultValue("5") int minimumNumberOfCalls,
      @DefaultValue("50") float failureRateThreshold,
      @DefaultValue("PT10S") Duration waitInOpenState) {

    public Duration timeLimitOf(String circuitBreaker) {
      return timeLimits.getOrDefault(circuitBreaker, timeLimit);
    }
  }
}

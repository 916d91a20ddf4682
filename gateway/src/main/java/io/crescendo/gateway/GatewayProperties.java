package io.crescendo.gateway;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the gateway ({@code crescendo.gateway.*}). How access tokens are verified is
 * service-web's {@code crescendo.security.*} ({@code AccessTokenProperties}), as in every service.
 *
 * @param authRateLimit requests per minute and client address on sign-up and the login endpoints
 * @param resilience circuit breaker and time limit of every route
 */
@ConfigurationProperties("crescendo.gateway")
public record GatewayProperties(
    @DefaultValue("20") int authRateLimit, @DefaultValue Resilience resilience) {

  public GatewayProperties {
    if (authRateLimit < 1) {
      throw new IllegalArgumentException("crescendo.gateway.auth-rate-limit must be positive");
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

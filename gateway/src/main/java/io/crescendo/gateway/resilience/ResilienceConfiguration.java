package io.crescendo.gateway.resilience;

import io.crescendo.gateway.GatewayProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Resilience4j defaults for every route's {@code CircuitBreaker} filter, in one place: a time limit
 * (a few seconds, below the frontend's 10 s abort), and a count-based window sized for small
 * traffic so that a dead service is cut off after a handful of calls instead of a hundred.
 */
@Configuration(proxyBeanMethods = false)
public class ResilienceConfiguration {

  @Bean
  Customizer<ReactiveResilience4JCircuitBreakerFactory> defaultCircuitBreaker(
      GatewayProperties properties) {
    GatewayProperties.Resilience r = properties.resilience();
    return factory ->
        factory.configureDefault(
            id ->
                new Resilience4JConfigBuilder(id)
                    .timeLimiterConfig(
                        TimeLimiterConfig.custom()
                            .timeoutDuration(r.timeLimitOf(id))
                            .cancelRunningFuture(true)
                            .build())
                    .circuitBreakerConfig(
                        CircuitBreakerConfig.custom()
                            .slidingWindowType(SlidingWindowType.COUNT_BASED)
                            .slidingWindowSize(r.slidingWindowSize())
                            .minimumNumberOfCalls(r.minimumNumberOfCalls())
                            .failureRateThreshold(r.failureRateThreshold())
                            .waitDurationInOpenState(r.waitInOpenState())
                            .permittedNumberOfCallsInHalfOpenState(2)
                            .automaticTransitionFromOpenToHalfOpenEnabled(true)
                            .build())
                    .build());
  }
}

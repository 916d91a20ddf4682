package io.crescendo.gateway.ratelimit;

import io.crescendo.gateway.GatewayProperties;
import io.crescendo.gateway.security.AuthEndpoints;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code crescendo.gateway.auth-rate-limit} requests per minute per client address. */
@Configuration(proxyBeanMethods = false)
public class RateLimitConfiguration {

  @Bean
  TokenBuckets authRateLimitBuckets(GatewayProperties properties) {
    return new TokenBuckets(properties.authRateLimit(), Duration.ofMinutes(1), Clock.systemUTC());
  }

  @Bean
  AuthRateLimitFilter authRateLimitFilter(TokenBuckets authRateLimitBuckets) {
    return new AuthRateLimitFilter(AuthEndpoints.rateLimited(), authRateLimitBuckets);
  }
}

package io.crescendo.gateway.ratelimit;

import static io.crescendo.web.security.AuthEndpoints.withAndWithoutSlash;

import io.crescendo.gateway.GatewayProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/** {@code crescendo.gateway.auth-rate-limit} requests per minute per client address. */
@Configuration(proxyBeanMethods = false)
public class RateLimitConfiguration {

  /** Sign-up and the three logins: rate limited per client address (API-v1 §1.4, 429). */
  static final String[] RATE_LIMITED =
      withAndWithoutSlash(
          "/api/v1/auth/signup",
          "/api/v1/auth/login",
          "/api/v1/auth/login/google",
          "/api/v1/auth/login/refresh");

  @Bean
  TokenBuckets authRateLimitBuckets(GatewayProperties properties) {
    return new TokenBuckets(properties.authRateLimit(), Duration.ofMinutes(1), Clock.systemUTC());
  }

  @Bean
  AuthRateLimitFilter authRateLimitFilter(TokenBuckets authRateLimitBuckets) {
    return new AuthRateLimitFilter(rateLimited(), authRateLimitBuckets);
  }

  /** {@code POST} to sign-up or a login endpoint. */
  static ServerWebExchangeMatcher rateLimited() {
    return ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, RATE_LIMITED);
  }
}

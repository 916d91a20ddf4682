package io.crescendo.gateway.web;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * CORS for the frontend origins (API-v1 §1.7), answered by the gateway alone: preflights end here,
 * and the headers are set before anything else runs, so that 401, 404, 429 and 503 answers carry
 * them too. Backend CORS headers are dropped ({@link BackendHeaderFilters}) so that none is
 * doubled.
 */
@Configuration(proxyBeanMethods = false)
public class CorsConfiguration {

  /** Runs first of all web filters (Spring Security's chain is at -100). */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

  @Bean
  OrderedCorsWebFilter corsWebFilter(
      @Value("${crescendo.cors.allowed-origins}") List<String> allowedOrigins) {
    org.springframework.web.cors.CorsConfiguration cors =
        new org.springframework.web.cors.CorsConfiguration();
    cors.setAllowedOrigins(allowedOrigins.stream().map(String::trim).toList());
    cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
    cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE));
    cors.setAllowCredentials(false);
    cors.setMaxAge(3600L);
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/**", cors);
    return new OrderedCorsWebFilter(source);
  }

  /** A {@link CorsWebFilter} that is ordered ahead of security and rate limiting. */
  static final class OrderedCorsWebFilter extends CorsWebFilter implements Ordered {

    OrderedCorsWebFilter(UrlBasedCorsConfigurationSource source) {
      super(source);
    }

    @Override
    public int getOrder() {
      return ORDER;
    }
  }
}

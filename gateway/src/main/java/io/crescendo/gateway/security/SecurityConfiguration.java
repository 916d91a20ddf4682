package io.crescendo.gateway.security;

import io.crescendo.web.security.AccessTokenAuthenticationManager;
import io.crescendo.web.security.AuthEndpointAwareBearerTokenConverter;
import io.crescendo.web.security.AuthEndpoints;
import io.crescendo.web.security.BearerTokenSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Bearer-token checking at the edge (API-v1 §1.3 step 1, §2), with service-web's pieces: the
 * access-token decoder of {@code ResourceServerAutoConfiguration} ({@code crescendo.security.*}:
 * RS256, the claim rules, identity's JWKS), {@link BearerTokenSecurity}'s chain and 401 bodies.
 *
 * <ul>
 *   <li>Every route is open to anonymous callers: the services decide who may do what.
 *   <li>A bearer token that is present must be a valid access token, on every route, or the answer
 *       is 401 with the §2.3 body; the auth endpoints of §2.2 ({@link AuthEndpoints}) do not look
 *       at it. Signing keys that cannot be fetched → 503.
 *   <li>The {@code Authorization} header travels on to the services, which verify it again.
 * </ul>
 *
 * CORS is handled before this chain ({@code CorsConfiguration}), so 401s carry CORS headers.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

  @Bean
  SecurityWebFilterChain securityWebFilterChain(
      ServerHttpSecurity http, ReactiveJwtDecoder accessTokenDecoder) {
    // a proxy: the services' Cache-Control stands, and CORS is answered ahead of this chain
    http.cors(ServerHttpSecurity.CorsSpec::disable)
        .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
        .headers(headers -> headers.cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable));
    return BearerTokenSecurity.filterChain(
        http,
        new AccessTokenAuthenticationManager(accessTokenDecoder),
        new AuthEndpointAwareBearerTokenConverter(
            AuthEndpoints.ignoringAuthorization(), new ServerBearerTokenAuthenticationConverter()),
        exchanges -> exchanges.anyExchange().permitAll());
  }
}

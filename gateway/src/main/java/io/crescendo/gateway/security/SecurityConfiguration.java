package io.crescendo.gateway.security;

import io.crescendo.gateway.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * Bearer-token checking at the edge (API-v1 §1.3 step 1, §2).
 *
 * <ul>
 *   <li>Every route is open to anonymous callers: the services decide who may do what.
 *   <li>A bearer token that is present must be a valid access token, on every route, or the answer
 *       is 401 with the §2.3 body; the auth endpoints of §2.2 do not look at it.
 *   <li>The {@code Authorization} header travels on to the services, which verify it again.
 * </ul>
 *
 * CORS is handled before this chain ({@code CorsConfiguration}), so 401s carry CORS headers.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

  @Bean
  ReactiveJwtDecoder accessTokenDecoder(GatewayProperties properties) {
    return AccessTokenDecoder.create(properties);
  }

  @Bean
  SecurityWebFilterChain securityWebFilterChain(
      ServerHttpSecurity http, ReactiveJwtDecoder accessTokenDecoder) {
    JsonAuthenticationEntryPoint entryPoint = new JsonAuthenticationEntryPoint();
    AuthEndpointAwareBearerTokenConverter bearerTokens =
        new AuthEndpointAwareBearerTokenConverter(
            AuthEndpoints.ignoringAuthorization(), new ServerBearerTokenAuthenticationConverter());
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .cors(ServerHttpSecurity.CorsSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
        .headers(headers -> headers.cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable))
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
        .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint))
        .oauth2ResourceServer(
            resourceServer ->
                resourceServer
                    .bearerTokenConverter(bearerTokens)
                    .authenticationEntryPoint(entryPoint)
                    .jwt(jwt -> jwt.jwtDecoder(accessTokenDecoder)))
        .build();
  }
}

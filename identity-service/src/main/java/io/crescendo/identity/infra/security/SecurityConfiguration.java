package io.crescendo.identity.infra.security;

import io.crescendo.identity.infra.token.SigningKeys;
import io.crescendo.identity.infra.token.TokenProperties;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Stateless bearer-token security of identity-service (API-v1 §1.3, §2).
 *
 * <ul>
 *   <li>No CSRF, sessions, form or basic login; every answer is JSON.
 *   <li>Public: the five auth endpoints (which ignore {@code Authorization}), {@code GET
 *       /api/v1/auth/profiles/{uuid}} (not {@code me}), the JWKS, health and info.
 *   <li>A bearer token that is present but invalid gives 401 on every other route, public or not.
 *   <li>Everything else needs a valid access token, except paths no handler maps (404 for anyone).
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

  /** Verifies access tokens with the local signing keys. */
  @Bean
  ReactiveJwtDecoder accessTokenDecoder(
      SigningKeys signingKeys, TokenProperties properties, Clock clock) {
    return AccessTokenDecoder.create(signingKeys, properties, clock);
  }

  @Bean
  SecurityWebFilterChain securityWebFilterChain(
      ServerHttpSecurity http,
      ReactiveJwtDecoder accessTokenDecoder,
      AccountStatus accountStatus,
      ObjectProvider<HandlerMapping> handlerMappings) {
    JsonAuthenticationEntryPoint entryPoint = new JsonAuthenticationEntryPoint();
    JsonAccessDeniedHandler accessDenied = new JsonAccessDeniedHandler();
    AuthEndpointAwareBearerTokenConverter bearerTokens =
        new AuthEndpointAwareBearerTokenConverter(
            SecurityPaths.authEndpoints(), new ServerBearerTokenAuthenticationConverter());
    AccessTokenAuthenticationManager authenticationManager =
        new AccessTokenAuthenticationManager(accessTokenDecoder, accountStatus);

    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .authorizeExchange(
            exchanges ->
                exchanges
                    .pathMatchers(SecurityPaths.AUTH_ENDPOINTS)
                    .permitAll()
                    .pathMatchers(SecurityPaths.OWN_PROFILE)
                    .authenticated()
                    .pathMatchers(HttpMethod.GET, SecurityPaths.PUBLIC_PROFILE)
                    .permitAll()
                    .pathMatchers(SecurityPaths.JWKS)
                    .permitAll()
                    .pathMatchers(SecurityPaths.ACTUATOR_PUBLIC)
                    .permitAll()
                    .pathMatchers(HttpMethod.GET, SecurityPaths.OPENAPI)
                    .permitAll()
                    // no such route: let the dispatcher answer 404, as for anyone
                    .matchers(new UnmappedRouteMatcher(handlerMappings))
                    .permitAll()
                    .anyExchange()
                    .authenticated())
        .exceptionHandling(
            exceptions ->
                exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
        .oauth2ResourceServer(
            resourceServer ->
                resourceServer
                    .bearerTokenConverter(bearerTokens)
                    .authenticationEntryPoint(entryPoint)
                    .accessDeniedHandler(accessDenied)
                    .jwt(jwt -> jwt.authenticationManager(authenticationManager)))
        .build();
  }

  /** Lets controllers declare a {@link CurrentUser} parameter. */
  @Bean
  WebFluxConfigurer currentUserArgumentResolverConfigurer() {
    return new WebFluxConfigurer() {
      @Override
      public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new CurrentUserArgumentResolver());
      }
    };
  }
}

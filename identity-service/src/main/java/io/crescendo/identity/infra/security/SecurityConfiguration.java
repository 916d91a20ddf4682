package io.crescendo.identity.infra.security;

import io.crescendo.identity.infra.token.SigningKeys;
import io.crescendo.identity.infra.token.TokenProperties;
import io.crescendo.web.security.AuthEndpointAwareBearerTokenConverter;
import io.crescendo.web.security.AuthEndpoints;
import io.crescendo.web.security.BearerTokenSecurity;
import io.crescendo.web.security.UnmappedRouteMatcher;
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
import org.springframework.web.reactive.HandlerMapping;

/**
 * Security of identity-service (API-v1 §1.3, §2), built from service-web's {@link
 * BearerTokenSecurity} with identity's own rules:
 *
 * <ul>
 *   <li>Public: the five auth endpoints (which ignore {@code Authorization}), {@code GET
 *       /api/v1/auth/profiles/{uuid}} (not {@code me}), the JWKS, health, info and the OpenAPI
 *       description.
 *   <li>A bearer token that is present but invalid gives 401 on every other route, public or not;
 *       the valid token of a deleted account gives 401 {@code user_not_found}.
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
    return BearerTokenSecurity.filterChain(
        http,
        new ActiveAccountAuthenticationManager(accessTokenDecoder, accountStatus),
        new AuthEndpointAwareBearerTokenConverter(
            AuthEndpoints.ignoringAuthorization(), new ServerBearerTokenAuthenticationConverter()),
        exchanges ->
            exchanges
                // every method, so that a wrong one gets 405, not 401
                .matchers(AuthEndpoints.ignoringAuthorization())
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
                .authenticated());
  }
}

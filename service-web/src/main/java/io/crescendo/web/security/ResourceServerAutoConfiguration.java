package io.crescendo.web.security;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * A service that verifies identity-service's access tokens (every service but identity itself),
 * switched on by {@code crescendo.security.jwks-uri}: the access-token decoder (keys from the JWK
 * Set, {@link RemoteJwkSet}), and a default filter chain.
 *
 * <p>The default chain lets every exchange through and leaves the decision to the routes: a
 * controller that needs a caller declares {@link CurrentUser} (anonymous → 401 {@code {"detail":
 * ...}}), a public one that shows members more declares {@code Optional<CurrentUser>}, and role
 * checks answer 403 by raising {@code AccessDeniedException}. An invalid bearer token is refused
 * with the §2.3 body on every route. A service with path rules (or the gateway) declares its own
 * {@link SecurityWebFilterChain} with {@link BearerTokenSecurity} and keeps the decoder.
 */
@AutoConfiguration(
    // ours first, or Boot's would register its own chain and decoder
    before = {
      ReactiveOAuth2ResourceServerAutoConfiguration.class,
      ReactiveManagementWebSecurityAutoConfiguration.class
    })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnProperty("crescendo.security.jwks-uri")
@EnableConfigurationProperties(AccessTokenProperties.class)
public class ResourceServerAutoConfiguration {

  /** Uses the service clock when there is one (a shifted demo clock must agree with identity's). */
  @Bean
  @ConditionalOnMissingBean
  public ReactiveJwtDecoder accessTokenDecoder(
      AccessTokenProperties properties, ObjectProvider<Clock> clock) {
    var rules =
        new AccessTokenValidator(
            properties.issuer(),
            properties.audience(),
            properties.clockSkew(),
            clock.getIfAvailable(Clock::systemUTC));
    ReactiveJwtDecoder verifier =
        AccessTokenDecoders.fromJwkSetUri(properties.jwksUri(), properties.jwks(), rules);
    if (properties.verifiedTokens() == 0) {
      return verifier;
    }
    return new VerifiedTokenCache(
        verifier, rules, properties.verifiedTokens(), properties.jwks().cacheTtl());
  }

  @Bean
  @ConditionalOnMissingBean
  public SecurityWebFilterChain resourceServerSecurityWebFilterChain(
      ServerHttpSecurity http, ReactiveJwtDecoder accessTokenDecoder) {
    return BearerTokenSecurity.filterChain(
        http,
        new AccessTokenAuthenticationManager(accessTokenDecoder),
        new ServerBearerTokenAuthenticationConverter(),
        exchanges -> exchanges.anyExchange().permitAll());
  }
}

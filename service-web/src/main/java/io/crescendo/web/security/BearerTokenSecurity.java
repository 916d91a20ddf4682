package io.crescendo.web.security;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * The security filter chain every service builds (API-v1 §1.3, §2): stateless bearer tokens, no
 * CSRF, sessions, form or basic login, every answer JSON. A bearer token that is present but
 * invalid gives 401 (§2.3) on every route, public or not, before any route rule; the service adds
 * only its route rules.
 */
public final class BearerTokenSecurity {

  private BearerTokenSecurity() {}

  /**
   * @param accessTokens authenticates the bearer token (an {@link
   *     AccessTokenAuthenticationManager}, possibly with checks of the service's own)
   * @param bearerTokens reads the token from the request
   * @param routes which exchanges need which caller; also the place where an anonymous caller
   *     refused by a controller ({@link CurrentUser}) turns into 401
   */
  public static SecurityWebFilterChain filterChain(
      ServerHttpSecurity http,
      ReactiveAuthenticationManager accessTokens,
      ServerAuthenticationConverter bearerTokens,
      Customizer<ServerHttpSecurity.AuthorizeExchangeSpec> routes) {
    JsonAuthenticationEntryPoint entryPoint = new JsonAuthenticationEntryPoint();
    JsonAccessDeniedHandler accessDenied = new JsonAccessDeniedHandler();
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .authorizeExchange(routes)
        .exceptionHandling(
            exceptions ->
                exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
        .oauth2ResourceServer(
            resourceServer ->
                resourceServer
                    .bearerTokenConverter(bearerTokens)
                    .authenticationEntryPoint(entryPoint)
                    .accessDeniedHandler(accessDenied)
                    .jwt(jwt -> jwt.authenticationManager(accessTokens)))
        .build();
  }
}

package io.crescendo.identity.infra.security;

import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/** Paths with special security treatment (each with and without the final slash). */
public final class SecurityPaths {

  private SecurityPaths() {}

  /**
   * Login, refresh, logout, sign-up: public and they ignore any {@code Authorization} header
   * (API-v1 §2.2). Every method is let through so that a wrong method gets 405, not 401.
   */
  public static final String[] AUTH_ENDPOINTS =
      withAndWithoutSlash(
          "/api/v1/auth/login/google",
          "/api/v1/auth/login/refresh",
          "/api/v1/auth/logout",
          "/api/v1/auth/signup",
          "/api/v1/auth/login");

  /** Always authenticated, although it looks like {@link #PUBLIC_PROFILE}. */
  public static final String[] OWN_PROFILE = withAndWithoutSlash("/api/v1/auth/profiles/me");

  /** {@code GET}: public profile of any user (not a UUID → 404 from the controller). */
  public static final String[] PUBLIC_PROFILE =
      withAndWithoutSlash("/api/v1/auth/profiles/{userUuid}");

  public static final String JWKS = "/.well-known/jwks.json";

  /** The service's OpenAPI description (springdoc), gathered by the gateway. */
  public static final String[] OPENAPI = {"/v3/api-docs", "/v3/api-docs/**"};

  public static final String[] ACTUATOR_PUBLIC = {
    "/actuator/health", "/actuator/health/**", "/actuator/info"
  };

  /** Requests whose {@code Authorization} header is ignored. */
  public static ServerWebExchangeMatcher authEndpoints() {
    return ServerWebExchangeMatchers.pathMatchers(AUTH_ENDPOINTS);
  }

  private static String[] withAndWithoutSlash(String... paths) {
    String[] all = new String[paths.length * 2];
    for (int i = 0; i < paths.length; i++) {
      all[2 * i] = paths[i];
      all[2 * i + 1] = paths[i] + "/";
    }
    return all;
  }
}

package io.crescendo.gateway.security;

import java.util.Arrays;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * The identity endpoints with special treatment at the edge (each with and without final slash).
 */
public final class AuthEndpoints {

  private AuthEndpoints() {}

  /**
   * Login, refresh, logout, sign-up: they ignore any {@code Authorization} header (API-v1 §2.2).
   */
  static final String[] IGNORING_AUTHORIZATION =
      withAndWithoutSlash(
          "/api/v1/auth/login/google",
          "/api/v1/auth/login/refresh",
          "/api/v1/auth/logout",
          "/api/v1/auth/signup",
          "/api/v1/auth/login");

  /** Sign-up and the three logins: rate limited per client address (API-v1 §1.4, 429). */
  static final String[] RATE_LIMITED =
      withAndWithoutSlash(
          "/api/v1/auth/signup",
          "/api/v1/auth/login",
          "/api/v1/auth/login/google",
          "/api/v1/auth/login/refresh");

  /** Requests whose {@code Authorization} header is not looked at (any method). */
  public static ServerWebExchangeMatcher ignoringAuthorization() {
    return ServerWebExchangeMatchers.pathMatchers(IGNORING_AUTHORIZATION);
  }

  /** {@code POST} to sign-up or a login endpoint. */
  public static ServerWebExchangeMatcher rateLimited() {
    return ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, RATE_LIMITED);
  }

  private static String[] withAndWithoutSlash(String... paths) {
    return Arrays.stream(paths)
        .flatMap(p -> Arrays.stream(new String[] {p, p + "/"}))
        .toArray(String[]::new);
  }
}

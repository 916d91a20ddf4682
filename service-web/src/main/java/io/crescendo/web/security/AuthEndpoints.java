package io.crescendo.web.security;

import java.util.Arrays;
import java.util.List;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * The identity endpoints of API-v1 §2.2 whose {@code Authorization} header is ignored: the frontend
 * sends its (possibly stale) access token along to login, refresh, logout and sign-up, and a bad
 * one must not turn them into 401. Used by identity-service (which serves them) and by the gateway
 * (which forwards the header untouched). Each path with and without its final slash.
 */
public final class AuthEndpoints {

  /** Login, Google login, refresh, logout, sign-up (any method). */
  public static final List<String> IGNORING_AUTHORIZATION =
      List.of(
          withAndWithoutSlash(
              "/api/v1/auth/login/google",
              "/api/v1/auth/login/refresh",
              "/api/v1/auth/logout",
              "/api/v1/auth/signup",
              "/api/v1/auth/login"));

  private AuthEndpoints() {}

  /** Requests to {@link #IGNORING_AUTHORIZATION}, whatever the method. */
  public static ServerWebExchangeMatcher ignoringAuthorization() {
    return ServerWebExchangeMatchers.pathMatchers(IGNORING_AUTHORIZATION.toArray(String[]::new));
  }

  /**
   * Each path followed by the same path with a final slash (API-v1 §1.1: every route answers with
   * and without it), for path matchers that run before any slash is stripped.
   */
  public static String[] withAndWithoutSlash(String... paths) {
    return Arrays.stream(paths)
        .flatMap(p -> Arrays.stream(new String[] {p, p + "/"}))
        .toArray(String[]::new);
  }
}

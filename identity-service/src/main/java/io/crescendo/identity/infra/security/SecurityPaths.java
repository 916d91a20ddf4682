package io.crescendo.identity.infra.security;

import static io.crescendo.web.security.AuthEndpoints.withAndWithoutSlash;

/**
 * Paths with special security treatment (each with and without the final slash). The auth endpoints
 * that ignore {@code Authorization} (API-v1 §2.2) are service-web's {@link
 * io.crescendo.web.security.AuthEndpoints}, shared with the gateway.
 */
public final class SecurityPaths {

  private SecurityPaths() {}

  /** Always authenticated, although it looks like {@link #PUBLIC_PROFILE}. */
  public static final String[] OWN_PROFILE = withAndWithoutSlash("/api/v1/auth/profiles/me");

  /** {@code GET}: public profile of any user (not a UUID → 404 from the controller). */
  public static final String[] PUBLIC_PROFILE =
      withAndWithoutSlash("/api/v1/auth/profiles/{userUuid}");

  public static final String JWKS = "/.well-known/jwks.json";

  /** The service's OpenAPI description (springdoc), gathered by the gateway. */
  public static final String[] OPENAPI = {"/v3/api-docs", "/v3/api-docs/**"};

  /** Probes and the Prometheus scrape; the gateway routes no /actuator path, so never public. */
  public static final String[] ACTUATOR_PUBLIC = {
    "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus"
  };
}

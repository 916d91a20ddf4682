package io.crescendo.web.security;

/**
 * The claims of a Crescendo access token that every service reads (API-v1 §2.1). identity-service
 * writes them; the names are the original backend's.
 */
public final class AccessTokenClaims {

  /** The user's UUID, as a string. */
  public static final String USER_UUID = "user_uuid";

  /** {@value #ACCESS} for an access token; the original's refresh tokens said "refresh". */
  public static final String TOKEN_TYPE = "token_type";

  public static final String ACCESS = "access";

  private AccessTokenClaims() {}
}

package io.crescendo.web.security;

import org.springframework.security.core.AuthenticationException;

/**
 * A caller refused for a reason the frontend tells apart by its code, answered 401 {@code
 * {"detail": <message>, "code": <code>}} (e.g. identity-service's {@code user_not_found} for the
 * valid token of a deleted account, API-v1 §2.1).
 */
public class CodedAuthenticationException extends AuthenticationException {

  private final String code;

  public CodedAuthenticationException(String message, String code) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}

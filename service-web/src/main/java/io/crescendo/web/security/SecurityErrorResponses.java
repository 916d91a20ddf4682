package io.crescendo.web.security;

import io.crescendo.web.error.ApiError;
import io.crescendo.web.error.ApiErrorWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The JSON bodies of API-v1 §1.4 / §2.3 for authentication and authorization failures. */
final class SecurityErrorResponses {

  static final String WWW_AUTHENTICATE = "Bearer realm=\"api\"";
  static final String NOT_PROVIDED = "Authentication credentials were not provided.";
  static final String TOKEN_REJECTED = "Given token not valid for any token type";
  static final String FORBIDDEN = "You do not have permission to perform this action.";

  private SecurityErrorResponses() {}

  /** 401 for a present but unusable access token: the frontend refreshes and replays (§2.3). */
  static ApiError tokenNotValid(String reason) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("token_class", "AccessToken");
    message.put("token_type", "access");
    message.put("message", reason == null || reason.isBlank() ? "Token is invalid" : reason);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("detail", TOKEN_REJECTED);
    body.put("code", "token_not_valid");
    body.put("messages", List.of(message));
    return new ApiError(HttpStatus.UNAUTHORIZED, body);
  }

  /** {@code challenge}: with {@code WWW-Authenticate: Bearer realm="api"} (every 401). */
  static Mono<Void> write(ServerWebExchange exchange, ApiError error, boolean challenge) {
    if (challenge && !exchange.getResponse().isCommitted()) {
      exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, WWW_AUTHENTICATE);
    }
    return ApiErrorWriter.write(exchange, error);
  }
}

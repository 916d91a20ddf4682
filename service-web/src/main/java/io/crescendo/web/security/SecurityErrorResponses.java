package io.crescendo.web.security;

import io.crescendo.web.error.ApiError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The JSON bodies of API-v1 §1.4 / §2.3 for authentication and authorization failures. */
final class SecurityErrorResponses {

  static final String WWW_AUTHENTICATE = "Bearer realm=\"api\"";
  static final String NOT_PROVIDED = "Authentication credentials were not provided.";
  static final String TOKEN_REJECTED = "Given token not valid for any token type";
  static final String FORBIDDEN = "You do not have permission to perform this action.";

  private static final JsonMapper JSON = JsonMapper.builder().build();

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

  static Mono<Void> write(ServerWebExchange exchange, ApiError error, boolean challenge) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.empty();
    }
    response.setStatusCode(error.status());
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (challenge) {
      headers.set(HttpHeaders.WWW_AUTHENTICATE, WWW_AUTHENTICATE);
    }
    byte[] bytes = JSON.writeValueAsBytes(error.body());
    headers.setContentLength(bytes.length);
    DataBuffer buffer = response.bufferFactory().wrap(bytes);
    return response.writeWith(Mono.just(buffer));
  }
}

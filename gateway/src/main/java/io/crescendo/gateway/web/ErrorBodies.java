package io.crescendo.gateway.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The JSON error bodies the gateway writes itself (API-v1 §1.4, §2.3). */
public final class ErrorBodies {

  public static final String WWW_AUTHENTICATE = "Bearer realm=\"api\"";
  public static final String TOKEN_REJECTED = "Given token not valid for any token type";
  public static final String NOT_PROVIDED = "Authentication credentials were not provided.";
  public static final String UNAVAILABLE = "Service temporarily unavailable, try again later.";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ErrorBodies() {}

  /** 401 for a present but unusable access token: the frontend refreshes and replays. */
  public static Map<String, Object> tokenNotValid(String reason) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("token_class", "AccessToken");
    message.put("token_type", "access");
    message.put("message", reason == null || reason.isBlank() ? "Token is invalid" : reason);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("detail", TOKEN_REJECTED);
    body.put("code", "token_not_valid");
    body.put("messages", List.of(message));
    return body;
  }

  public static Map<String, Object> detail(String detail) {
    return Map.of("detail", detail);
  }

  /**
   * Writes {@code body} as JSON with {@code status}; headers already on the response (CORS, {@code
   * Retry-After}, {@code WWW-Authenticate}) are kept.
   */
  public static Mono<Void> write(
      ServerWebExchange exchange, HttpStatusCode status, Map<String, Object> body) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.empty();
    }
    response.setStatusCode(status);
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    byte[] bytes = JSON.writeValueAsBytes(body);
    headers.setContentLength(bytes.length);
    DataBuffer buffer = response.bufferFactory().wrap(bytes);
    return response.writeWith(Mono.just(buffer));
  }
}

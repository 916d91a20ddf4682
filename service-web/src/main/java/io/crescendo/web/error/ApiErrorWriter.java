package io.crescendo.web.error;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an {@link ApiError} straight to the response, for code that answers outside the dispatcher
 * (security entry points, web filters, the gateway). Headers already on the response (CORS, {@code
 * Retry-After}, {@code WWW-Authenticate}) are kept; a committed response is left alone.
 */
public final class ApiErrorWriter {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ApiErrorWriter() {}

  public static Mono<Void> write(ServerWebExchange exchange, ApiError error) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.empty();
    }
    response.setStatusCode(error.status());
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    error.headers().forEach(headers::set);
    byte[] bytes = JSON.writeValueAsBytes(error.body());
    headers.setContentLength(bytes.length);
    DataBuffer buffer = response.bufferFactory().wrap(bytes);
    return response.writeWith(Mono.just(buffer));
  }
}

package io.crescendo.web.error;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * An error answer: its status, JSON body (one of the shapes of API-v1 §1.4) and the headers that go
 * with it.
 *
 * @param status the HTTP status
 * @param body what is written as JSON
 * @param headers set on the response, e.g. {@code Retry-After}
 */
public record ApiError(HttpStatusCode status, Object body, Map<String, String> headers) {

  /** The text of every 503, the gateway's own included. */
  public static final String UNAVAILABLE = "Service temporarily unavailable, try again later.";

  public ApiError {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(headers);
  }

  public ApiError(HttpStatusCode status, Object body) {
    this(status, body, Map.of());
  }

  /** 503 {@code {"detail": ...}} with {@code Retry-After} in whole seconds: try again, soon. */
  public static ApiError unavailable(Duration retryAfter) {
    return new ApiError(
        HttpStatus.SERVICE_UNAVAILABLE,
        Map.of("detail", UNAVAILABLE),
        Map.of(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds()))));
  }

  /** {@code {"detail": "..."}}: every error that is not about a field. */
  public static ApiError detail(HttpStatusCode status, String detail) {
    return new ApiError(status, Map.of("detail", detail));
  }

  /** {@code {"detail": "...", "code": "..."}}: a 401 the frontend tells apart by its code. */
  public static ApiError coded(HttpStatusCode status, String detail, String code) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("detail", detail);
    body.put("code", code);
    return new ApiError(status, body);
  }

  /** 400 {@code {"<field>": ["message"]}}. */
  public static ApiError field(String field, String message) {
    return fields(Map.of(field, List.of(message)));
  }

  /** 400 {@code {"<field>": ["message", ...], ...}}. */
  public static ApiError fields(Map<String, List<String>> errors) {
    return new ApiError(HttpStatus.BAD_REQUEST, errors);
  }
}

package io.crescendo.web.error;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps every failure to the JSON error bodies of API-v1 §1.4, in one place. It runs before Spring
 * Boot's error handler, so unmatched routes (404), wrong methods (405) and media types (415) get
 * the same {@code {"detail": ...}} shape as the controllers' own errors. No stack traces leave.
 *
 * <p>The service's {@link ApiErrorMapper}s are asked first; then a {@link ValidationException}
 * gives its field errors, a {@link ResponseStatusException} its status and reason, an oversized
 * body 413, a database that cannot be reached 503 with {@code Retry-After} ({@link
 * DatabaseOutage}), and anything else 500 (logged: it is a bug, never bad input).
 */
public class ApiErrorHandler implements WebExceptionHandler, Ordered {

  /**
   * Before Boot's {@code DefaultErrorWebExceptionHandler} (-1), which would answer HTML or JSON.
   */
  public static final int ORDER = -2;

  private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

  /** How long a client should wait before retrying while the database is away. */
  static final Duration DATABASE_RETRY_AFTER = Duration.ofSeconds(5);

  private final JsonMapper json;
  private final List<ApiErrorMapper> mappers;

  public ApiErrorHandler(JsonMapper json, List<ApiErrorMapper> mappers) {
    this.json = json;
    this.mappers = List.copyOf(mappers);
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    var response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.error(error);
    }
    ApiError api = toApiError(error);
    response.setStatusCode(api.status());
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    if (error instanceof ResponseStatusException rse) {
      // Allow on 405, Accept on 415
      response.getHeaders().putAll(rse.getHeaders());
    }
    api.headers().forEach(response.getHeaders()::set);
    byte[] body = json.writeValueAsBytes(api.body());
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }

  private ApiError toApiError(Throwable error) {
    for (ApiErrorMapper mapper : mappers) {
      Optional<ApiError> mapped = mapper.map(error);
      if (mapped.isPresent()) {
        return mapped.get();
      }
    }
    return switch (error) {
      case ValidationException e -> ApiError.fields(e.errors());
      case ResponseStatusException e -> ApiError.detail(e.getStatusCode(), reasonOf(e));
      // a multipart or form body beyond the codecs' in-memory limit
      case DataBufferLimitException e ->
          ApiError.detail(HttpStatus.CONTENT_TOO_LARGE, "Request body too large.");
      case Throwable e when DatabaseOutage.isCause(e) -> {
        log.warn("Database unavailable: {}", e.toString());
        yield ApiError.unavailable(DATABASE_RETRY_AFTER);
      }
      default -> {
        log.error("Unhandled error", error);
        yield ApiError.detail(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error.");
      }
    };
  }

  private static String reasonOf(ResponseStatusException e) {
    if (e.getReason() != null) {
      return e.getReason();
    }
    HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
    return status != null ? status.getReasonPhrase() + "." : "Error.";
  }
}

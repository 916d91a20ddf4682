package io.crescendo.gateway.web;

import io.crescendo.web.error.ApiError;
import io.crescendo.web.error.ApiErrorWriter;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The {@code {"detail": ...}} answers the gateway gives itself (API-v1 §1.4): 503, 404, 413, 429
 * and the like. The 401 bodies (§2.3) are service-web's, written by its entry point.
 */
public final class ErrorBodies {

  /** The words of every 503, the services' own included. */
  public static final String UNAVAILABLE = ApiError.UNAVAILABLE;

  public static final String INTERNAL_ERROR = "Internal server error.";

  private ErrorBodies() {}

  /** The detail of an error status the gateway answers (no route, wrong method, …). */
  public static String forStatus(HttpStatusCode status) {
    return switch (status.value()) {
      case 404 -> "Not found.";
      case 405 -> "Method not allowed.";
      case 413 -> "Request entity too large.";
      case 415 -> "Unsupported media type.";
      case 503 -> UNAVAILABLE;
      case 504 -> "Upstream service timed out.";
      default ->
          status instanceof HttpStatus known ? known.getReasonPhrase() : "Error " + status.value();
    };
  }

  /** 413 for a declared body above the limit. */
  public static String tooLarge(long maxBytes) {
    return "Request body too large: at most " + DataSize.ofBytes(maxBytes).toMegabytes() + " MB.";
  }

  /** 429 past the auth rate limit. */
  public static String throttled(long retryAfterSeconds) {
    return "Request was throttled. Expected available in " + retryAfterSeconds + " seconds.";
  }

  /**
   * Writes {@code {"detail": detail}} with {@code status}; headers already on the response (CORS,
   * {@code Retry-After}) are kept.
   */
  public static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String detail) {
    return ApiErrorWriter.write(exchange, ApiError.detail(status, detail));
  }
}

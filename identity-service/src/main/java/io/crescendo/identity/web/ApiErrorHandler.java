package io.crescendo.identity.web;

import io.crescendo.identity.api.EmailAlreadyRegistered;
import io.crescendo.identity.api.InvalidUsername;
import io.crescendo.identity.infra.google.InvalidGoogleCredentialException;
import io.crescendo.identity.infra.token.InvalidRefreshTokenException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps every failure to the JSON error bodies of API-v1 §1.4, in one place. It runs before Spring
 * Boot's error handler, so unmatched routes (404), wrong methods (405) and media types (415) get
 * the same {@code {"detail": ...}} shape as the controllers' own errors. No stack traces leave.
 */
@Component
@Order(-2)
class ApiErrorHandler implements WebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

  private final JsonMapper json;

  ApiErrorHandler(JsonMapper json) {
    this.json = json;
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
      response.getHeaders().putAll(rse.getHeaders());
    }
    byte[] body = json.writeValueAsBytes(api.body());
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }

  private ApiError toApiError(Throwable error) {
    return switch (error) {
      case ValidationException e -> new ApiError(HttpStatus.BAD_REQUEST, e.errors());
      case EmailAlreadyRegistered e ->
          new ApiError(HttpStatus.BAD_REQUEST, Map.of("email", List.of("already registered")));
      case InvalidUsername e ->
          new ApiError(HttpStatus.BAD_REQUEST, Map.of("username", List.of(e.getMessage())));
      case InvalidRefreshTokenException e -> tokenNotValid("Token is invalid or expired");
      case InvalidGoogleCredentialException e -> tokenNotValid("Google credential rejected");
      case InvalidCredentials e -> detail(HttpStatus.UNAUTHORIZED, e.getMessage());
      case AggregateDeletedException e -> detail(HttpStatus.NOT_FOUND, "Not found.");
      case AggregateNotFoundException e -> detail(HttpStatus.NOT_FOUND, "Not found.");
      case ResponseStatusException e -> detail(e.getStatusCode(), reasonOf(e));
      default -> {
        log.error("Unhandled error", error);
        yield detail(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error.");
      }
    };
  }

  private static ApiError tokenNotValid(String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("detail", detail);
    body.put("code", "token_not_valid");
    return new ApiError(HttpStatus.UNAUTHORIZED, body);
  }

  private static ApiError detail(HttpStatusCode status, String detail) {
    return new ApiError(status, Map.of("detail", detail));
  }

  private static String reasonOf(ResponseStatusException e) {
    if (e.getReason() != null) {
      return e.getReason();
    }
    HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
    return status != null ? status.getReasonPhrase() + "." : "Error.";
  }

  private record ApiError(HttpStatusCode status, Object body) {}
}

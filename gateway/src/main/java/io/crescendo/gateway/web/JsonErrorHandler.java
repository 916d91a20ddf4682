package io.crescendo.gateway.web;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every error the gateway produces itself is {@code {"detail": ...}} (API-v1 §1.4): 404 for a path
 * no route serves, 405, 503 when a service or the signing keys cannot be reached, 500 for anything
 * unexpected (logged, never with a stack trace in the body). Headers already set (CORS) are kept.
 */
@Component
@Order(-2) // ahead of Spring Boot's DefaultErrorWebExceptionHandler (-1)
public class JsonErrorHandler implements ErrorWebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(JsonErrorHandler.class);

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(ex);
    }
    HttpStatusCode status;
    String detail;
    if (ex instanceof ResponseStatusException rse) {
      status = rse.getStatusCode();
      detail = ErrorBodies.forStatus(status);
      if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
        // e.g. signing keys that could not be fetched (AccessTokenAuthenticationManager)
        log.warn(
            "Unavailable for {}: {}",
            exchange.getRequest().getPath(),
            NestedExceptionUtils.getMostSpecificCause(ex).toString());
      }
    } else if (ex instanceof AuthenticationServiceException
        || ex instanceof ConnectException
        || ex instanceof TimeoutException) {
      log.warn("Dependency unavailable for {}: {}", exchange.getRequest().getPath(), ex.toString());
      status = HttpStatus.SERVICE_UNAVAILABLE;
      detail = ErrorBodies.UNAVAILABLE;
    } else {
      log.error("Unexpected error for {}", exchange.getRequest().getPath(), ex);
      status = HttpStatus.INTERNAL_SERVER_ERROR;
      detail = ErrorBodies.INTERNAL_ERROR;
    }
    return ErrorBodies.write(exchange, status, detail);
  }
}

package io.crescendo.web.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.MethodNotAllowedException;
import tools.jackson.databind.json.JsonMapper;

/** The error bodies of API-v1 §1.4, and the order in which a failure finds its answer. */
class ApiErrorHandlerTest {

  static class StudyIsFull extends RuntimeException {}

  private static MockServerWebExchange handle(ApiErrorHandler handler, Throwable error) {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/studies"));
    handler.handle(exchange, error).block();
    return exchange;
  }

  private static ApiErrorHandler handler(ApiErrorMapper... mappers) {
    return new ApiErrorHandler(JsonMapper.builder().build(), List.of(mappers));
  }

  @Test
  void theFirstMapperThatKnowsTheFailureAnswers() {
    ApiErrorHandler handler =
        handler(
            error -> Optional.empty(),
            error ->
                error instanceof StudyIsFull
                    ? Optional.of(ApiError.detail(HttpStatus.BAD_REQUEST, "The study is full."))
                    : Optional.empty(),
            error -> Optional.of(ApiError.detail(HttpStatus.CONFLICT, "never asked")));

    MockServerWebExchange exchange = handle(handler, new StudyIsFull());

    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(exchange.getResponse().getBodyAsString().block())
        .isEqualTo("{\"detail\":\"The study is full.\"}");
  }

  @Test
  void anUnreachableDatabaseIsAServiceUnavailableToRetryNotAServerError() {
    List<Throwable> outages =
        List.of(
            // Hikari: no connection within the time-out (the pool could not reconnect)
            new IllegalStateException(
                "could not open a transaction",
                new java.sql.SQLTransientConnectionException("Connection is not available")),
            // PostgreSQL shutting down or recovering from a crash
            new RuntimeException(new java.sql.SQLException("terminating connection", "57P01")),
            new RuntimeException(new java.sql.SQLException("I/O error", "08006")),
            // a statement on a connection HikariCP evicted as broken (Axon's unit of work held it)
            new RuntimeException(new java.sql.SQLException("Connection is closed")),
            // a driver that could not even connect
            new RuntimeException(new java.net.ConnectException("Connection refused")));

    for (Throwable outage : outages) {
      MockServerWebExchange exchange = handle(handler(), outage);

      assertThat(exchange.getResponse().getStatusCode())
          .as(outage.toString())
          .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
      assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
          .isEqualTo("5");
      assertThat(exchange.getResponse().getBodyAsString().block())
          .isEqualTo("{\"detail\":\"Service temporarily unavailable, try again later.\"}");
    }
  }

  @Test
  void otherDatabaseFailuresStayServerErrors() {
    MockServerWebExchange exchange =
        handle(
            handler(),
            new RuntimeException(new java.sql.SQLException("duplicate key value", "23505")));

    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNull();
  }

  @Test
  void validationErrorsAreFieldLists() {
    MockServerWebExchange exchange =
        handle(handler(), ValidationException.nonField("deadline must come before start_date"));

    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(exchange.getResponse().getBodyAsString().block())
        .isEqualTo("{\"non_field_errors\":[\"deadline must come before start_date\"]}");
  }

  @Test
  void responseStatusExceptionsKeepTheirHeaders() {
    MockServerWebExchange exchange =
        handle(handler(), new MethodNotAllowedException(HttpMethod.PUT, Set.of(HttpMethod.GET)));

    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
    assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.ALLOW)).isEqualTo("GET");
    assertThat(exchange.getResponse().getBodyAsString().block()).startsWith("{\"detail\":");
  }

  @Test
  void anUnavailableAnswerSaysWhenToTryAgain() {
    MockServerWebExchange exchange =
        handle(
            handler(error -> Optional.of(ApiError.unavailable(Duration.ofMillis(300)))),
            new IllegalStateException("not known yet"));

    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
        .isEqualTo("1");
    assertThat(exchange.getResponse().getBodyAsString().block())
        .isEqualTo("{\"detail\":\"Service temporarily unavailable, try again later.\"}");
  }
}

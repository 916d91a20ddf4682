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

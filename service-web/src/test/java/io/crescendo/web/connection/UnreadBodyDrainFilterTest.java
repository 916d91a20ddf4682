package io.crescendo.web.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class UnreadBodyDrainFilterTest {

  final UnreadBodyDrainFilter filter = new UnreadBodyDrainFilter();

  @Test
  void aBodyNobodyReadIsReadWhenTheExchangeEnds() {
    var read = new AtomicBoolean();
    var exchange = exchange(body(read), 5);

    StepVerifier.create(filter.filter(exchange, ignoringTheBody())).verifyComplete();

    assertThat(read).isTrue();
  }

  @Test
  void aBodyIsAlsoReadBeforeAnErrorGoesOnToTheErrorHandler() {
    var read = new AtomicBoolean();
    var exchange = exchange(body(read), 5);
    WebFilterChain refusing =
        e ->
            Mono.error(
                new ResponseStatusException(org.springframework.http.HttpStatus.UNAUTHORIZED));

    StepVerifier.create(filter.filter(exchange, refusing))
        .expectError(ResponseStatusException.class)
        .verify();

    assertThat(read).isTrue();
  }

  @Test
  void anOversizedBodyAndABodilessRequestAreLeftAlone() {
    var read = new AtomicBoolean();
    StepVerifier.create(
            filter.filter(
                exchange(body(read), UnreadBodyDrainFilter.MAX_DRAIN + 1), ignoringTheBody()))
        .verifyComplete();
    StepVerifier.create(filter.filter(exchange(body(read), 0), ignoringTheBody())).verifyComplete();

    assertThat(read).isFalse();
  }

  private static WebFilterChain ignoringTheBody() {
    return e -> Mono.empty();
  }

  private static Flux<DataBuffer> body(AtomicBoolean read) {
    return Flux.just("hello")
        .map(s -> DefaultDataBufferFactory.sharedInstance.wrap(s.getBytes(StandardCharsets.UTF_8)))
        .cast(DataBuffer.class)
        .doOnComplete(() -> read.set(true));
  }

  private static MockServerWebExchange exchange(Flux<DataBuffer> body, long contentLength) {
    var request = MockServerHttpRequest.method(HttpMethod.POST, "/x");
    if (contentLength > 0) {
      request.contentLength(contentLength);
    }
    return MockServerWebExchange.from(request.body(body));
  }
}

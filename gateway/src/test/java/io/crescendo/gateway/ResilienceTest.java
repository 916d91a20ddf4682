package io.crescendo.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A service that is down or hangs gives a fast 503 {"detail": ...}, never a hang. */
class ResilienceTest extends GatewayTestSupport {

  static final Duration GENEROUS = Duration.ofSeconds(5);

  @Test
  void aStoppedServiceGives503QuicklyAnd200OnceItIsBack() {
    STUDY.stop();
    try {
      assertUnavailableQuickly(HttpMethod.POST, "/api/v1/studygroup/studies/");
    } finally {
      STUDY.restart();
    }
    client.post().uri("/api/v1/studygroup/studies/").exchange().expectStatus().isOk();
  }

  @Test
  void aStoppedReadServiceGives503QuicklyDespiteRetries() {
    SEARCH.stop();
    try {
      assertUnavailableQuickly(HttpMethod.GET, "/api/v1/studygroup/studies/");
    } finally {
      SEARCH.restart();
    }
    client.get().uri("/api/v1/studygroup/studies/").exchange().expectStatus().isOk();
  }

  @Test
  void aHangingServiceIsCutOffByTheTimeLimit() {
    assertUnavailableQuickly(HttpMethod.DELETE, "/api/v1/studygroup/studies/hang/");
  }

  @Test
  void aServiceErrorIsPassedOnAndAGetIsNotRetriedOnIt() {
    String path = "/api/v1/studygroup/studies/fail/";
    client.get().uri(path).exchange().expectStatus().isEqualTo(500);
    assertThat(SEARCH.hits(path)).isEqualTo(1);
  }

  /**
   * Many requests in progress at once to one service all go through: Spring Cloud CircuitBreaker's
   * default bulkhead (25 concurrent calls per circuit breaker) answered the rest with 503 and its
   * rejections opened the circuit for every caller (docs/benchmarks.md).
   */
  @Test
  void manyConcurrentRequestsToOneServiceAllGetThrough() {
    WebClient web = WebClient.create("http://127.0.0.1:" + port);
    List<Integer> statuses =
        Flux.range(0, StubBackend.GATHERED)
            .flatMap(
                i ->
                    web.get()
                        .uri("/api/v1/studygroup/studies/gather/" + i + "/")
                        .exchangeToMono(response -> Mono.just(response.statusCode().value())),
                StubBackend.GATHERED)
            .collectList()
            .block(Duration.ofSeconds(30));
    assertThat(statuses).hasSize(StubBackend.GATHERED).containsOnly(200);
  }

  private void assertUnavailableQuickly(HttpMethod method, String path) {
    long started = System.nanoTime();
    client
        .method(method)
        .uri(path)
        .header(HttpHeaders.ORIGIN, FRONTEND)
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, FRONTEND)
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    System.out.printf("%s %s answered 503 after %d ms%n", method, path, elapsed.toMillis());
    assertThat(elapsed).isLessThan(GENEROUS);
  }
}

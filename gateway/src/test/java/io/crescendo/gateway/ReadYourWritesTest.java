package io.crescendo.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A write that stored events is answered only once search-service reports them applied; bounded,
 * and said so in {@code Crescendo-Consistency}.
 */
class ReadYourWritesTest extends GatewayTestSupport {

  static final String WRITE = "/api/v1/studygroup/studies/written/";

  @AfterEach
  void answerAppliedAgain() {
    SEARCH.answerAwait(() -> true);
  }

  @Test
  void aWriteIsHeldUntilSearchServiceHasAppliedIt() throws Exception {
    var applied = new CountDownLatch(1);
    SEARCH.answerAwait(() -> applied.await(10, TimeUnit.SECONDS));
    int asked = SEARCH.awaitQueries().size();

    CompletableFuture<EntityExchangeResult<byte[]>> write =
        CompletableFuture.supplyAsync(
            () -> client.post().uri(WRITE).exchange().expectBody().returnResult());
    await().atMost(Duration.ofSeconds(10)).until(() -> SEARCH.awaitQueries().size() > asked);
    assertThat(write).as("answered before search-service applied the write").isNotDone();

    applied.countDown();
    EntityExchangeResult<byte[]> answer = write.get(10, TimeUnit.SECONDS);
    assertThat(answer.getStatus().value()).isEqualTo(200);
    assertThat(answer.getResponseHeaders().getFirst("Crescendo-Consistency")).isEqualTo("applied");
    assertThat(answer.getResponseHeaders().containsHeader("Crescendo-Consistency-Token")).isFalse();
    assertThat(new String(answer.getResponseBody(), StandardCharsets.UTF_8))
        .contains("\"path\":\"" + WRITE + "\"");
    String query = SEARCH.awaitQueries().getLast();
    assertThat(URLDecoder.decode(query, StandardCharsets.UTF_8))
        .isEqualTo("token=" + StubBackend.WRITTEN_TOKEN + "&timeout_ms=3000");
  }

  /** Concurrent writers wait side by side, none queued behind another's wait. */
  @Test
  void concurrentWritersWaitSideBySide() {
    var waiting = new CountDownLatch(StubBackend.GATHERED);
    SEARCH.answerAwait(
        () -> {
          waiting.countDown();
          return waiting.await(10, TimeUnit.SECONDS);
        });
    WebClient web = WebClient.create("http://127.0.0.1:" + port);
    List<String> answers =
        Flux.range(0, StubBackend.GATHERED)
            .flatMap(
                i ->
                    web.post()
                        .uri(WRITE)
                        .exchangeToMono(
                            response ->
                                Mono.just(
                                    response.statusCode().value()
                                        + " "
                                        + response
                                            .headers()
                                            .asHttpHeaders()
                                            .getFirst("Crescendo-Consistency"))),
                StubBackend.GATHERED)
            .collectList()
            .block(Duration.ofSeconds(30));
    assertThat(answers).hasSize(StubBackend.GATHERED).containsOnly("200 applied");
  }

  @Test
  void aWriteNotAppliedInTimeIsAnsweredAndSaysSo() {
    SEARCH.answerAwait(() -> false);
    client
        .put()
        .uri(WRITE)
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("Crescendo-Consistency", "timeout")
        .expectHeader()
        .doesNotExist("Crescendo-Consistency-Token");
  }

  @Test
  void aWriteIsAnsweredPromptlyWhenSearchServiceIsDown() {
    SEARCH.stop();
    try {
      long started = System.nanoTime();
      client
          .post()
          .uri(WRITE)
          .header(HttpHeaders.ORIGIN, FRONTEND)
          .exchange()
          .expectStatus()
          .isOk()
          .expectHeader()
          .valueEquals("Crescendo-Consistency", "unavailable")
          .expectHeader()
          .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, FRONTEND);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
    } finally {
      SEARCH.restart();
    }
  }

  @Test
  void writesWithoutEventsAndFailedWritesAreNotHeld() {
    int asked = SEARCH.awaitQueries().size();
    client
        .post()
        .uri("/api/v1/studygroup/studies/plain/")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .doesNotExist("Crescendo-Consistency");
    client
        .post()
        .uri("/api/v1/studygroup/studies/fail/written/")
        .exchange()
        .expectStatus()
        .isEqualTo(500)
        .expectHeader()
        .doesNotExist("Crescendo-Consistency")
        .expectHeader()
        .doesNotExist("Crescendo-Consistency-Token");
    assertThat(SEARCH.awaitQueries()).hasSize(asked);
  }
}

package io.crescendo.search.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.events.Topics;
import io.crescendo.events.kafka.ConsistencyToken;
import io.crescendo.events.kafka.ConsistencyToken.Position;
import io.crescendo.search.testsupport.Feed;
import io.crescendo.search.testsupport.ReadSideTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The internal wait of read-your-writes: answers as soon as the events of a consistency token are
 * applied to the read models, and not before. Events go in through the shared {@link Feed}: a
 * user's registration is its sequence 0, each rename the next one.
 */
class ConsistencyApiTest extends ReadSideTest {

  static final String USERS = Topics.IDENTITY_USER.name();

  final Feed feed = Feed.kafka();

  @Test
  void aWaitAnswersOnceTheEventIsAppliedAndNotBefore() throws Exception {
    UUID user = feed.user();
    var token = token(new Position(USERS, user.toString(), 1));

    CompletableFuture<Map<String, Object>> waiting =
        CompletableFuture.supplyAsync(() -> await(token, 10_000));
    assertThat(await(token, 200)).containsEntry("applied", false);
    assertThat(waiting).isNotDone();

    long published = System.nanoTime();
    feed.rename(user, "renamed");
    assertThat(waiting.get(30, TimeUnit.SECONDS)).containsEntry("applied", true);
    System.out.printf(
        "wait answered %d ms after the publish%n",
        Duration.ofNanos(System.nanoTime() - published).toMillis());
    assertThat(await(token, 0)).containsEntry("applied", true);
  }

  @Test
  void everyPositionMustBeAppliedAndAnEarlierSequenceIsNotEnough() {
    UUID user = feed.user();
    UUID other = feed.user();
    var both =
        token(new Position(USERS, user.toString(), 1), new Position(USERS, other.toString(), 1));

    assertThat(await(both, 300)).containsEntry("applied", false);
    feed.rename(user, "renamed");
    assertThat(await(both, 300)).containsEntry("applied", false);
    feed.rename(other, "renamed");
    assertThat(await(both, 10_000)).containsEntry("applied", true);
  }

  @Test
  void aTopicNoReadModelHereReadsIsNothingToWaitFor() {
    assertThat(await(token(new Position("crescendo.other.thing.v1", "x", 5)), 0))
        .containsEntry("applied", true);
  }

  @Test
  void malformedRequestsAre400WithTheField() {
    for (String query :
        List.of(
            "token=nonsense",
            "token=" + USERS + ";x;-1",
            "token=" + USERS + ";x;1&timeout_ms=10001",
            "token=" + USERS + ";x;1&timeout_ms=-1")) {
      http.get()
          .uri("/internal/consistency/await?" + query)
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath(query.contains("timeout_ms") ? "$.timeout_ms[0]" : "$.token[0]")
          .isNotEmpty();
    }
  }

  private Map<String, Object> await(ConsistencyToken token, long timeoutMs) {
    return http.get()
        .uri(
            uri ->
                uri.path("/internal/consistency/await")
                    .queryParam("token", "{token}")
                    .queryParam("timeout_ms", timeoutMs)
                    .build(token.format()))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  private static ConsistencyToken token(Position... positions) {
    return ConsistencyToken.of(List.of(positions));
  }
}

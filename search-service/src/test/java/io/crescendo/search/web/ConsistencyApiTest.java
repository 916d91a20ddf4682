package io.crescendo.search.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.events.PublicEvent;
import io.crescendo.events.TopicSpec;
import io.crescendo.events.Topics;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.events.kafka.ConsistencyToken;
import io.crescendo.events.kafka.ConsistencyToken.Position;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import io.crescendo.local.test.TestInfrastructure;
import io.crescendo.search.testsupport.ReadSideTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The internal wait of read-your-writes: answers as soon as the events of a consistency token are
 * applied to the read models, and not before.
 */
class ConsistencyApiTest extends ReadSideTest {

  static final EventRecordCodec CODEC = new EventRecordCodec();
  static final KafkaProducer<String, byte[]> PRODUCER =
      new KafkaProducer<>(
          Map.of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
              TestInfrastructure.shared().kafkaBootstrapServers(),
              ProducerConfig.ACKS_CONFIG,
              "all"),
          new StringSerializer(),
          new ByteArraySerializer());
  static final String USERS = Topics.IDENTITY_USER.name();

  @AfterAll
  static void closeProducer() {
    PRODUCER.close(Duration.ofSeconds(5));
  }

  @Test
  void aWaitAnswersOnceTheEventIsAppliedAndNotBefore() throws Exception {
    UUID user = UUID.randomUUID();
    var token = token(new Position(USERS, user.toString(), 0));

    CompletableFuture<Map<String, Object>> waiting =
        CompletableFuture.supplyAsync(() -> await(token, 10_000));
    assertThat(await(token, 200)).containsEntry("applied", false);
    assertThat(waiting).isNotDone();

    long published = System.nanoTime();
    publish(Topics.IDENTITY_USER, user, 0, registered(user));
    assertThat(waiting.get(30, TimeUnit.SECONDS)).containsEntry("applied", true);
    System.out.printf(
        "wait answered %d ms after the publish%n",
        Duration.ofNanos(System.nanoTime() - published).toMillis());
    assertThat(await(token, 0)).containsEntry("applied", true);
  }

  @Test
  void everyPositionMustBeAppliedAndAnEarlierSequenceIsNotEnough() {
    UUID user = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    publish(Topics.IDENTITY_USER, user, 0, registered(user));
    var both =
        token(new Position(USERS, user.toString(), 1), new Position(USERS, other.toString(), 0));

    assertThat(await(both, 300)).containsEntry("applied", false);
    publish(Topics.IDENTITY_USER, user, 1, new UsernameChanged(user, "renamed", Instant.now()));
    assertThat(await(both, 300)).containsEntry("applied", false);
    publish(Topics.IDENTITY_USER, other, 0, registered(other));
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

  private static UserRegistered registered(UUID user) {
    return new UserRegistered(user, user + "@example.com", "u" + user.hashCode(), Instant.now());
  }

  private static void publish(TopicSpec topic, UUID subject, long sequence, PublicEvent event) {
    var envelope =
        EventEnvelope.of(
            UUID.randomUUID().toString(),
            "/crescendo/identity-service",
            Instant.now(),
            subject.toString(),
            sequence,
            event);
    try {
      PRODUCER.send(CODEC.encode(envelope)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.crescendo.events.axon.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.events.Topics;
import io.crescendo.events.assignment.AssignmentDeleted;
import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.kafka.EventRecordCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.AddedTrackerStatus;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.RemovedTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackerStatus;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.Test;

/**
 * The per-segment state of {@link KafkaEventPublisher}: which batches check Kafka before sending.
 * Kafka's own {@link MockProducer} records what is sent; the broker side of the check is covered by
 * {@code KafkaEventPublisherTest}.
 */
class KafkaEventPublisherSegmentTest {

  private static final String USERS = Topics.IDENTITY_USER.name();
  private static final String SEGMENT_ID = "Processor[crescendo-kafka-publisher]/SegmentId";

  private record Lookup(String topic, Instant since, Set<String> wanted) {}

  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final List<Lookup> lookups = new ArrayList<>();
  private Set<String> onKafka = Set.of();
  private RuntimeException lookupFailure;

  private final KafkaEventPublisher publisher =
      new KafkaEventPublisher(
          producer,
          new EventRecordCodec(),
          new KafkaTopicInitializer(null, Duration.ZERO) {
            @Override
            public void ensureTopics() {}
          },
          "/crescendo/test",
          Duration.ofSeconds(1),
          (topic, since, wanted) -> {
            lookups.add(new Lookup(topic, since, wanted));
            if (lookupFailure != null) {
              throw lookupFailure;
            }
            return new PublishedEventsLookup.Found(onKafka, 7);
          });

  @Test
  void everySegmentIsCheckedOnceAfterStartThenPublishesWithoutReading() {
    assertThat(run(0, userDeleted(), userDeleted()).isExceptional()).isFalse();
    assertThat(lookups).hasSize(1);
    assertThat(publisher.isSuspect(0)).isFalse();

    run(0, userDeleted());
    assertThat(lookups).hasSize(1);

    run(1, userDeleted());
    assertThat(lookups).hasSize(2);
    assertThat(producer.history()).hasSize(4);
  }

  @Test
  void aRolledBackBatchMakesItsSegmentSuspectAgain() {
    run(0, userDeleted());
    assertThat(publisher.isSuspect(0)).isFalse();

    assertThat(runFailing(0, userDeleted()).isExceptional()).isTrue();
    assertThat(publisher.isSuspect(0)).isTrue();
    assertThat(publisher.isSuspect(1)).isTrue();

    run(0, userDeleted());
    assertThat(lookups).hasSize(2);
    assertThat(publisher.isSuspect(0)).isFalse();
  }

  @Test
  void claimingOrReleasingASegmentMakesItSuspect() {
    run(0, userDeleted());
    run(1, userDeleted());
    var status = new TrackerStatus(Segment.ROOT_SEGMENT, null);

    publisher.onTrackerStatusChange(Map.of(0, new RemovedTrackerStatus(status)));
    publisher.onTrackerStatusChange(Map.of(1, status));
    assertThat(publisher.isSuspect(0)).isTrue();
    assertThat(publisher.isSuspect(1)).as("a position change only").isFalse();

    run(0, userDeleted());
    publisher.onTrackerStatusChange(Map.of(0, new AddedTrackerStatus(status)));
    assertThat(publisher.isSuspect(0)).isTrue();
  }

  @Test
  void eventsFoundOnTheTopicAreNotSentAgainAndTheRestFollowInOrder() {
    List<DomainEventMessage<?>> batch = List.of(userDeleted(), userDeleted(), userDeleted());
    onKafka = Set.of(batch.get(0).getIdentifier(), batch.get(1).getIdentifier());

    run(0, batch.toArray(DomainEventMessage<?>[]::new));

    assertThat(producer.history())
        .extracting(record -> new String(record.headers().lastHeader("ce_id").value()))
        .containsExactly(batch.get(2).getIdentifier());
    Lookup lookup = lookups.getFirst();
    assertThat(lookup.topic()).isEqualTo(USERS);
    assertThat(lookup.wanted())
        .containsExactlyInAnyOrderElementsOf(
            batch.stream().map(DomainEventMessage::getIdentifier).toList());
  }

  @Test
  void oneLookupPerTopicOfABatchFromBeforeItsEarliestEvent() {
    Instant earliest = Instant.now().minus(Duration.ofHours(1));
    run(
        0,
        userDeleted(Instant.now()),
        assignmentDeleted(),
        userDeleted(earliest),
        assignmentDeleted());

    assertThat(lookups)
        .extracting(Lookup::topic)
        .containsExactly(USERS, Topics.ASSIGNMENT_ASSIGNMENT.name());
    assertThat(lookups.getFirst().since())
        .isBeforeOrEqualTo(earliest.minus(KafkaEventPublisher.LOOK_BACK))
        .isAfter(earliest.minus(KafkaEventPublisher.LOOK_BACK).minusSeconds(5));
    assertThat(producer.history()).extracting(ProducerRecord::topic).hasSize(4);
  }

  @Test
  void aFailedLookupFailsTheBatchAndSendsNothing() {
    lookupFailure = new EventPublicationException("broker down");

    assertThat(run(0, userDeleted()).isExceptional()).isTrue();

    assertThat(producer.history()).isEmpty();
    assertThat(publisher.isSuspect(0)).isTrue();
  }

  @Test
  void theLookBackUndoesTheShiftOfTheServiceClock() {
    Instant wall = Instant.parse("2025-03-01T09:00:00Z");
    Clock shifted = Clock.fixed(wall.plus(Duration.ofDays(3)), ZoneOffset.UTC);
    Instant stored = wall.plus(Duration.ofDays(3)).minusSeconds(30);

    assertThat(KafkaEventPublisher.lookBackFrom(stored, shifted, Clock.fixed(wall, ZoneOffset.UTC)))
        .isEqualTo(wall.minusSeconds(30).minus(KafkaEventPublisher.LOOK_BACK));
  }

  private ResultMessage<?> run(int segment, DomainEventMessage<?>... events) {
    return run(segment, false, events);
  }

  private ResultMessage<?> runFailing(int segment, DomainEventMessage<?>... events) {
    return run(segment, true, events);
  }

  /** As Axon's tracking processor runs a batch: one unit of work, the segment in its resources. */
  private ResultMessage<?> run(int segment, boolean fail, DomainEventMessage<?>... events) {
    var unitOfWork = new BatchingUnitOfWork<>(List.of(events));
    unitOfWork.resources().put(SEGMENT_ID, segment);
    return unitOfWork.executeWithResult(
        () -> {
          publisher.handle(unitOfWork.getMessage());
          if (fail && unitOfWork.isLastMessage()) {
            throw new IllegalStateException("a later handler failed");
          }
          return null;
        });
  }

  private static DomainEventMessage<?> userDeleted() {
    return userDeleted(Instant.now());
  }

  private static DomainEventMessage<?> userDeleted(Instant time) {
    UUID id = UUID.randomUUID();
    return event(id.toString(), new UserDeleted(id, time), time);
  }

  private static DomainEventMessage<?> assignmentDeleted() {
    return event("42", new AssignmentDeleted(42, UUID.randomUUID(), Instant.now()), Instant.now());
  }

  private static DomainEventMessage<?> event(String aggregate, Object payload, Instant time) {
    return new GenericDomainEventMessage<>(
        "Aggregate",
        aggregate,
        0,
        payload,
        MetaData.emptyInstance(),
        UUID.randomUUID().toString(),
        time);
  }
}

package io.crescendo.events.axon.publisher;

import io.crescendo.events.PublicEvent;
import io.crescendo.events.axon.command.TraceContext;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the public events of the event store to Kafka: the event store is the outbox.
 *
 * <p>Runs in a tracking event processor, so it reads only committed events. Records of a batch are
 * sent together and the batch's unit of work waits for every broker acknowledgement before it
 * commits, so the processor's token never moves past an event that Kafka has not stored. A failure
 * rolls the batch back and the processor retries it. Internal events (anything that is not a {@link
 * PublicEvent}) never leave the service.
 *
 * <p>Each event once, in order per aggregate (key = aggregate id): a batch may be handled again
 * after some of its records were stored (the process died before the token commit, or the batch
 * rolled back after some acknowledgements). So a segment is <em>suspect</em> when this publisher
 * starts, claims or releases it, and after one of its batches rolled back; while it is, the first
 * event of a batch on a topic reads that topic back from shortly before the batch's events were
 * stored ({@link PublishedEventsLookup}), and the events found there are not sent again. The
 * idempotent producer keeps what reached the topic a prefix of what was sent per aggregate, so the
 * rest follows in order. A batch committed while suspect confirms the segment; a confirmed segment
 * publishes without reading anything.
 */
@ProcessingGroup(KafkaEventPublisher.PROCESSING_GROUP)
public class KafkaEventPublisher implements EventMessageHandler {

  public static final String PROCESSING_GROUP = "crescendo-kafka-publisher";

  private static final Logger log = LoggerFactory.getLogger(KafkaEventPublisher.class);

  private static final String PENDING_ACKS = KafkaEventPublisher.class.getName() + ".pendingAcks";

  /** What the lookups of a suspect segment's unit of work found, per topic. */
  private static final String PUBLISHED = KafkaEventPublisher.class.getName() + ".published";

  /** Where Axon's tracking processor puts the segment of a batch's unit of work. */
  private static final String SEGMENT_ID = "Processor[" + PROCESSING_GROUP + "]/SegmentId";

  /**
   * How long before the earliest event of a batch was stored the check starts reading. A record's
   * timestamp is the wall-clock time of its send, which follows the event's storage; the margin
   * covers the clock skew between replicas (and the broker, if a topic uses LogAppendTime).
   */
  static final Duration LOOK_BACK = Duration.ofMinutes(5);

  private final Producer<String, byte[]> producer;
  private final EventRecordCodec codec;
  private final KafkaTopicInitializer topics;
  private final String source;
  private final Duration ackTimeout;
  private final PublishedEventsLookup lookup;

  /** Segments whose earlier batches are known to be committed; any other one is suspect. */
  private final Set<Integer> confirmed = ConcurrentHashMap.newKeySet();

  public KafkaEventPublisher(
      Producer<String, byte[]> producer,
      EventRecordCodec codec,
      KafkaTopicInitializer topics,
      String source,
      Duration ackTimeout,
      PublishedEventsLookup lookup) {
    this.producer = producer;
    this.codec = codec;
    this.topics = topics;
    this.source = source;
    this.ackTimeout = ackTimeout;
    this.lookup = lookup;
  }

  @Override
  public boolean canHandle(EventMessage<?> event) {
    return event instanceof DomainEventMessage<?> && event.getPayload() instanceof PublicEvent;
  }

  @Override
  public Object handle(EventMessage<?> event) {
    if (!canHandle(event)) {
      return null;
    }
    topics.ensureTopics();
    DomainEventMessage<?> domainEvent = (DomainEventMessage<?>) event;
    PublicEvent payload = (PublicEvent) domainEvent.getPayload();
    var envelope =
        EventEnvelope.of(
            domainEvent.getIdentifier(),
            source,
            domainEvent.getTimestamp(),
            domainEvent.getAggregateIdentifier(),
            domainEvent.getSequenceNumber(),
            payload);
    ProducerRecord<String, byte[]> record = codec.encode(envelope);
    // The trace of the command that stored the event (docs/observability.md).
    for (String field : List.of(TraceContext.TRACEPARENT, "tracestate")) {
      if (domainEvent.getMetaData().get(field) instanceof String value) {
        record.headers().add(field, value.getBytes(StandardCharsets.UTF_8));
      }
    }
    UnitOfWork<?> unitOfWork =
        CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().root() : null;
    int segment = segmentOf(unitOfWork);
    if (!confirmed.contains(segment)
        && alreadyPublished(unitOfWork, segment, record.topic(), domainEvent)) {
      return null;
    }
    Future<RecordMetadata> ack = producer.send(record);
    if (unitOfWork != null) {
      pendingAcks(unitOfWork, segment).add(ack);
    } else {
      awaitAll(List.of(ack));
    }
    return null;
  }

  /**
   * A segment this processor claims or releases becomes suspect: another replica may have published
   * some of its events and died before its token commit.
   */
  public void onTrackerStatusChange(Map<Integer, EventTrackerStatus> statuses) {
    statuses.forEach(
        (segment, status) -> {
          if (status.trackerAdded() || status.trackerRemoved()) {
            confirmed.remove(segment);
          }
        });
  }

  /** Whether the segment's next batch will first check what is already on Kafka. */
  boolean isSuspect(int segment) {
    return !confirmed.contains(segment);
  }

  /** Replaying would publish every event again: consumers rebuild from the topics instead. */
  @Override
  public boolean supportsReset() {
    return false;
  }

  @Override
  public Class<?> getTargetType() {
    return KafkaEventPublisher.class;
  }

  private static int segmentOf(UnitOfWork<?> unitOfWork) {
    Integer segment = unitOfWork == null ? null : unitOfWork.getResource(SEGMENT_ID);
    return segment == null ? 0 : segment;
  }

  private List<Future<RecordMetadata>> pendingAcks(UnitOfWork<?> unitOfWork, int segment) {
    return unitOfWork.getOrComputeResource(
        PENDING_ACKS,
        key -> {
          List<Future<RecordMetadata>> acks = new ArrayList<>();
          unitOfWork.onPrepareCommit(u -> awaitAll(acks));
          // Some of the records may be stored even so.
          unitOfWork.onRollback(u -> confirmed.remove(segment));
          return acks;
        });
  }

  /**
   * Whether the event is already on its topic, from one lookup per topic and unit of work. Without
   * a unit of work (no batch to share the lookup with) the event is looked up alone.
   */
  private boolean alreadyPublished(
      UnitOfWork<?> unitOfWork, int segment, String topic, DomainEventMessage<?> event) {
    if (unitOfWork == null) {
      return published(segment, topic, List.of(event)).contains(event.getIdentifier());
    }
    Map<String, Set<String>> byTopic =
        unitOfWork.getOrComputeResource(
            PUBLISHED,
            key -> {
              unitOfWork.afterCommit(u -> confirmed.add(segment));
              return new HashMap<>();
            });
    return byTopic
        .computeIfAbsent(topic, t -> published(segment, t, batchOf(unitOfWork)))
        .contains(event.getIdentifier());
  }

  private Set<String> published(int segment, String topic, List<? extends Message<?>> batch) {
    Set<String> ids = new HashSet<>();
    Instant earliest = Instant.MAX;
    for (Message<?> message : batch) {
      if (message instanceof EventMessage<?> event && canHandle(event)) {
        ids.add(event.getIdentifier());
        earliest = earliest.isBefore(event.getTimestamp()) ? earliest : event.getTimestamp();
      }
    }
    Instant since = lookBackFrom(earliest, GenericEventMessage.clock, Clock.systemUTC());
    var found = lookup.find(topic, since, ids);
    log.info(
        "Segment {} of {} is suspect (start, claim, release or failed batch): read {} records"
            + " of {} since {}; {} of the batch's {} public events were already published and are"
            + " skipped",
        segment,
        PROCESSING_GROUP,
        found.recordsRead(),
        topic,
        since,
        found.ids().size(),
        ids.size());
    return found.ids();
  }

  private static List<? extends Message<?>> batchOf(UnitOfWork<?> unitOfWork) {
    if (unitOfWork instanceof BatchingUnitOfWork<?> batch) {
      return batch.getMessages();
    }
    return List.of(unitOfWork.getMessage());
  }

  /**
   * Where to start reading: the wall-clock time at which the earliest event was stored, minus
   * {@link #LOOK_BACK}. Event times come from the service's clock, which {@code
   * crescendo.clock.offset} may shift; the shift is measured now. Shifts only grow in practice
   * (tests move the clock forward), and a larger shift now only starts the reading earlier.
   */
  static Instant lookBackFrom(Instant earliestEvent, Clock eventClock, Clock wallClock) {
    Duration shift = Duration.between(wallClock.instant(), eventClock.instant());
    return earliestEvent.minus(shift).minus(LOOK_BACK);
  }

  private void awaitAll(List<Future<RecordMetadata>> acks) {
    long deadline = System.nanoTime() + ackTimeout.toNanos();
    for (Future<RecordMetadata> ack : acks) {
      try {
        ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw new EventPublicationException("Kafka refused an event", e.getCause());
      } catch (TimeoutException e) {
        throw new EventPublicationException("no acknowledgement from Kafka in " + ackTimeout, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EventPublicationException("interrupted while waiting for Kafka", e);
      }
    }
  }
}

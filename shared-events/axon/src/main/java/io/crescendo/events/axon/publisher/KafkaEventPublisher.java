package io.crescendo.events.axon.publisher;

import io.crescendo.events.PublicEvent;
import io.crescendo.events.axon.command.TraceContext;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Publishes the public events of the event store to Kafka: the event store is the outbox.
 *
 * <p>Runs in a tracking event processor, so it reads only committed events. Records of a batch are
 * sent together and the batch's unit of work waits for every broker acknowledgement before it
 * commits, so the processor's token never moves past an event that Kafka has not stored. A failure
 * rolls the batch back and the processor retries it: at-least-once, in order per aggregate (key =
 * aggregate id). Internal events (anything that is not a {@link PublicEvent}) never leave the
 * service.
 */
@ProcessingGroup(KafkaEventPublisher.PROCESSING_GROUP)
public class KafkaEventPublisher implements EventMessageHandler {

  public static final String PROCESSING_GROUP = "crescendo-kafka-publisher";

  private static final String PENDING_ACKS = KafkaEventPublisher.class.getName() + ".pendingAcks";

  private final Producer<String, byte[]> producer;
  private final EventRecordCodec codec;
  private final KafkaTopicInitializer topics;
  private final String source;
  private final Duration ackTimeout;

  public KafkaEventPublisher(
      Producer<String, byte[]> producer,
      EventRecordCodec codec,
      KafkaTopicInitializer topics,
      String source,
      Duration ackTimeout) {
    this.producer = producer;
    this.codec = codec;
    this.topics = topics;
    this.source = source;
    this.ackTimeout = ackTimeout;
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
    Future<RecordMetadata> ack = producer.send(record);
    if (CurrentUnitOfWork.isStarted()) {
      pendingAcks(CurrentUnitOfWork.get().root()).add(ack);
    } else {
      awaitAll(List.of(ack));
    }
    return null;
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

  private List<Future<RecordMetadata>> pendingAcks(UnitOfWork<?> unitOfWork) {
    return unitOfWork.getOrComputeResource(
        PENDING_ACKS,
        key -> {
          List<Future<RecordMetadata>> acks = new ArrayList<>();
          unitOfWork.onPrepareCommit(u -> awaitAll(acks));
          return acks;
        });
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

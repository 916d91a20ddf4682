package io.crescendo.events.kafka;

import io.crescendo.events.EventCatalog;
import io.crescendo.events.PublicEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * A public event with its CloudEvents attributes: what a Kafka record carries.
 *
 * @param id unique event id (the Axon event identifier); the same on redelivery
 * @param source the publishing service, e.g. {@code /crescendo/identity-service}
 * @param type CloudEvents type of {@code data}, see {@link EventCatalog}
 * @param time when the event was stored
 * @param subject the aggregate id, also the record key
 * @param sequence the aggregate sequence number (0 for the aggregate's first event)
 * @param data the event
 */
public record EventEnvelope(
    String id,
    String source,
    String type,
    Instant time,
    String subject,
    long sequence,
    PublicEvent data) {

  public EventEnvelope {
    requireNonBlank(id, "id");
    requireNonBlank(source, "source");
    requireNonBlank(type, "type");
    Objects.requireNonNull(time, "time");
    requireNonBlank(subject, "subject");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative: " + sequence);
    }
    Objects.requireNonNull(data, "data");
  }

  /** An envelope whose type is looked up in the {@linkplain EventCatalog#standard() catalog}. */
  public static EventEnvelope of(
      String id, String source, Instant time, String subject, long sequence, PublicEvent data) {
    String type = EventCatalog.standard().byClass(data.getClass()).type();
    return new EventEnvelope(id, source, type, time, subject, sequence, data);
  }

  private static void requireNonBlank(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}

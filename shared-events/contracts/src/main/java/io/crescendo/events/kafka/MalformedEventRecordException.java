package io.crescendo.events.kafka;

/**
 * A Kafka record that cannot be decoded into an {@link EventEnvelope}: a missing or invalid header,
 * or a value that is not valid JSON for its event type. Retrying will not help; consumers park such
 * records on a dead-letter topic with this message in its headers.
 */
public class MalformedEventRecordException extends RuntimeException {

  public MalformedEventRecordException(String message) {
    super(message);
  }

  public MalformedEventRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}

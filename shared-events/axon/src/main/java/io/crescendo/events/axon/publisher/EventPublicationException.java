package io.crescendo.events.axon.publisher;

/** A public event could not be handed to Kafka; the publishing processor retries the batch. */
public class EventPublicationException extends RuntimeException {

  public EventPublicationException(String message) {
    super(message);
  }

  public EventPublicationException(String message, Throwable cause) {
    super(message, cause);
  }
}

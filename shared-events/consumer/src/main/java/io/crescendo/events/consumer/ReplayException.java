package io.crescendo.events.consumer;

/**
 * A {@link SubscriptionReplay} could not go on: a handler or the database failed on a record, or
 * Kafka could not be read. Whatever the failing transaction wrote was rolled back.
 */
public class ReplayException extends RuntimeException {

  public ReplayException(String message, Throwable cause) {
    super(message, cause);
  }

  public ReplayException(String message) {
    super(message);
  }
}

package io.crescendo.events;

/**
 * A CloudEvents type that this version of the contracts does not know, typically a newer event
 * added to a topic after the consumer was built. Consumers catch it and skip (or park) the record
 * instead of failing the partition.
 */
public class UnknownEventTypeException extends RuntimeException {

  private final String type;

  public UnknownEventTypeException(String type) {
    super("Unknown event type: " + type);
    this.type = type;
  }

  /** The type that was looked up. */
  public String type() {
    return type;
  }
}

package io.crescendo.events.consumer;

/**
 * A PostgreSQL notification on {@link #CHANNEL}, sent by the transaction that applied an event
 * (delivered when it commits), so that a read-your-writes wait wakes at once instead of polling
 * {@code consumed_event}. Every replica sharing the database hears it, whichever one applied the
 * event. The database remains the truth: a listener re-reads {@code consumed_event}.
 *
 * @param subscription the subscription that applied the event
 * @param subject the aggregate id
 * @param sequence the event's aggregate sequence
 */
public record AppliedEvent(String subscription, String subject, long sequence) {

  /** {@code LISTEN crescendo_event_applied}. */
  public static final String CHANNEL = "crescendo_event_applied";

  /** The payload: {@code <sequence> <subscription> <subject>} (subscriptions have no spaces). */
  public String payload() {
    return sequence + " " + subscription + " " + subject;
  }

  /**
   * Reads a payload.
   *
   * @throws IllegalArgumentException if it is not one
   */
  public static AppliedEvent parse(String payload) {
    String[] parts = payload.split(" ", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("Not an applied-event payload: " + payload);
    }
    return new AppliedEvent(parts[1], parts[2], Long.parseLong(parts[0]));
  }
}

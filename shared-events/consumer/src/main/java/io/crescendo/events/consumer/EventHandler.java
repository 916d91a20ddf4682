package io.crescendo.events.consumer;

import io.crescendo.events.kafka.EventEnvelope;
import java.util.List;

/**
 * Applies one event to a service's read model.
 *
 * <p>Called on the subscription's consumer thread inside a JDBC transaction on the service's {@code
 * DataSource}: write with {@code JdbcClient}/{@code JdbcTemplate} on that {@code DataSource} and
 * the write commits together with the subscription's progress. Throwing rolls both back; the event
 * is retried and finally parked on the dead-letter topic. Each event reaches the handler once per
 * successful transaction, in order per {@linkplain EventEnvelope#subject() aggregate}.
 *
 * <p>A {@link SubscriptionReplay} hands the handler many events of one transaction at once ({@link
 * #handleAll}); a handler that can apply them with fewer statements than one event at a time
 * overrides it. Give such a handler as an object ({@code .handler(projection)}), not as a method
 * reference, so that the override is seen.
 */
@FunctionalInterface
public interface EventHandler {

  void handle(EventEnvelope event);

  /**
   * Applies the events inside the current transaction, leaving the read model exactly as {@link
   * #handle} called for each of them in the given order would; a handler whose result does not
   * depend on the order of different aggregates may apply them in any order that keeps each
   * aggregate's. The list may hold events of several subscriptions that share this handler, and
   * several events of one aggregate (in its order). Used by replays, whose transactions hold many
   * records; the default calls {@link #handle} for each.
   */
  default void handleAll(List<EventEnvelope> events) {
    for (EventEnvelope event : events) {
      handle(event);
    }
  }
}

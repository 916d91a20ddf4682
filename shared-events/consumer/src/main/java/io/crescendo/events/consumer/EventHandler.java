package io.crescendo.events.consumer;

import io.crescendo.events.kafka.EventEnvelope;

/**
 * Applies one event to a service's read model.
 *
 * <p>Called on the subscription's consumer thread inside a JDBC transaction on the service's {@code
 * DataSource}: write with {@code JdbcClient}/{@code JdbcTemplate} on that {@code DataSource} and
 * the write commits together with the subscription's progress. Throwing rolls both back; the event
 * is retried and finally parked on the dead-letter topic. Each event reaches the handler once per
 * successful transaction, in order per {@linkplain EventEnvelope#subject() aggregate}.
 */
@FunctionalInterface
public interface EventHandler {

  void handle(EventEnvelope event);
}

package io.crescendo.events.consumer;

import io.crescendo.events.kafka.EventEnvelope;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code consumed_event} table: the last event applied per subscription and aggregate. */
final class ConsumedEvents {

  private final JdbcClient jdbc;

  ConsumedEvents(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records the event as the aggregate's last applied one unless an equal or later sequence was
   * applied already. One statement, so it is also the lock: a second consumer of the same aggregate
   * (a replica that has not noticed a rebalance yet) waits for this transaction and then finds the
   * event applied. Must run inside the transaction that applies the event.
   *
   * <p>A new event is also announced on {@link AppliedEvent#CHANNEL} (on commit).
   *
   * @return true if the event is new and must be applied, false for a duplicate or an older event
   */
  boolean claim(String subscription, EventEnvelope event) {
    int updated =
        jdbc.sql(
                """
                insert into consumed_event
                    (subscription, subject, last_sequence, last_event_id, applied_at)
                values (:subscription, :subject, :sequence, :eventId, now())
                on conflict (subscription, subject) do update
                    set last_sequence = excluded.last_sequence,
                        last_event_id = excluded.last_event_id,
                        applied_at = excluded.applied_at
                    where consumed_event.last_sequence < excluded.last_sequence
                """)
            .param("subscription", subscription)
            .param("subject", event.subject())
            .param("sequence", event.sequence())
            .param("eventId", event.id())
            .update();
    if (updated == 1) {
      jdbc.sql("select pg_notify(:channel, :payload)")
          .param("channel", AppliedEvent.CHANNEL)
          .param(
              "payload",
              new AppliedEvent(subscription, event.subject(), event.sequence()).payload())
          .query()
          .listOfRows();
    }
    return updated == 1;
  }

  /** The last applied sequence of the aggregate, -1 if none. */
  long appliedSequence(String subscription, String subject) {
    return jdbc.sql(
            "select last_sequence from consumed_event where subscription = ? and subject = ?")
        .param(subscription)
        .param(subject)
        .query(Long.class)
        .optional()
        .orElse(-1L);
  }
}

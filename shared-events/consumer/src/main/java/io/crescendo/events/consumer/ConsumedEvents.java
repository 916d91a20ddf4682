package io.crescendo.events.consumer;

import io.crescendo.events.kafka.EventEnvelope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** An event to claim for a subscription. */
  record Claim(String subscription, EventEnvelope event) {}

  /**
   * Claims many events at once, with the outcome of {@link #claim} called for each in the given
   * order (so of several events of one aggregate only those newer than every earlier one are new),
   * in two statements however many they are, and without notifications: for replays, whose tables
   * nobody waits on. The rows already there are locked first (in key order), so a concurrent
   * claimer of the same aggregate waits as for {@link #claim}; an aggregate that another
   * transaction claims for the first time meanwhile is a {@link ClaimConflictException}: roll back
   * and try again. Must run inside the transaction that applies the events.
   *
   * @return per claim, whether its event is new and must be applied
   */
  boolean[] claimAll(List<Claim> claims) {
    boolean[] fresh = new boolean[claims.size()];
    if (claims.isEmpty()) {
      return fresh;
    }
    Map<Key, Last> last = new LinkedHashMap<>();
    for (Claim claim : claims) {
      last.putIfAbsent(new Key(claim.subscription(), claim.event().subject()), null);
    }
    String[] subscriptions = last.keySet().stream().map(Key::subscription).toArray(String[]::new);
    String[] subjects = last.keySet().stream().map(Key::subject).toArray(String[]::new);
    Map<Key, Long> stored = new HashMap<>();
    jdbc.sql(
            """
            select c.subscription, c.subject, c.last_sequence
              from consumed_event c
              join unnest(cast(:subscriptions as text[]), cast(:subjects as text[])) k(s, t)
                on c.subscription = k.s and c.subject = k.t
             order by c.subscription, c.subject
               for update of c
            """)
        .param("subscriptions", subscriptions)
        .param("subjects", subjects)
        .query((row, n) -> stored.put(new Key(row.getString(1), row.getString(2)), row.getLong(3)))
        .list();
    for (int i = 0; i < claims.size(); i++) {
      Claim claim = claims.get(i);
      Key key = new Key(claim.subscription(), claim.event().subject());
      Last current = last.get(key);
      long applied = current != null ? current.sequence() : stored.getOrDefault(key, -1L);
      if (claim.event().sequence() > applied) {
        fresh[i] = true;
        last.put(key, new Last(claim.event().sequence(), claim.event().id()));
      }
    }
    List<String> changedSubscriptions = new ArrayList<>();
    List<String> changedSubjects = new ArrayList<>();
    List<Long> sequences = new ArrayList<>();
    List<String> eventIds = new ArrayList<>();
    last.forEach(
        (key, value) -> {
          if (value != null) {
            changedSubscriptions.add(key.subscription());
            changedSubjects.add(key.subject());
            sequences.add(value.sequence());
            eventIds.add(value.eventId());
          }
        });
    if (changedSubjects.isEmpty()) {
      return fresh;
    }
    List<Boolean> inserted =
        jdbc.sql(
                """
                insert into consumed_event
                    (subscription, subject, last_sequence, last_event_id, applied_at)
                select s, t, q, e, now()
                  from unnest(cast(:subscriptions as text[]), cast(:subjects as text[]),
                              cast(:sequences as bigint[]), cast(:eventIds as text[])) k(s, t, q, e)
                on conflict (subscription, subject) do update
                    set last_sequence = excluded.last_sequence,
                        last_event_id = excluded.last_event_id,
                        applied_at = excluded.applied_at
                    where consumed_event.last_sequence < excluded.last_sequence
                returning subscription, subject, xmax = 0
                """)
            .param("subscriptions", changedSubscriptions.toArray(String[]::new))
            .param("subjects", changedSubjects.toArray(String[]::new))
            .param("sequences", sequences.stream().mapToLong(Long::longValue).toArray())
            .param("eventIds", eventIds.toArray(String[]::new))
            .query(
                (row, n) -> {
                  Key key = new Key(row.getString(1), row.getString(2));
                  // a row that was not there when locked must be new now
                  return stored.containsKey(key) || row.getBoolean(3);
                })
            .list();
    if (inserted.size() != changedSubjects.size() || inserted.contains(false)) {
      throw new ClaimConflictException(
          "Another transaction claimed some of %d aggregates at the same time"
              .formatted(changedSubjects.size()));
    }
    return fresh;
  }

  private record Key(String subscription, String subject) {}

  private record Last(long sequence, String eventId) {}

  /** Aggregates claimed by another transaction between reading and writing: try again. */
  static final class ClaimConflictException extends RuntimeException {
    ClaimConflictException(String message) {
      super(message);
    }
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

package io.crescendo.search.infra;

import io.crescendo.events.consumer.EventSubscription;
import io.crescendo.events.kafka.ConsistencyToken;
import io.crescendo.events.kafka.ConsistencyToken.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Whether the read models have applied a write's events (read-your-writes, the read side): a
 * position counts as applied when every subscription of this service that reads its topic has
 * applied that sequence of the aggregate or a later one. The truth is {@code consumed_event},
 * shared by all replicas; {@link AppliedEventsListener} only says when to look again.
 */
@Component
public class AppliedPositions {

  /**
   * A safety net for a missed notification (listener reconnecting); normally a waiter wakes by it.
   */
  private static final Duration RECHECK = Duration.ofMillis(200);

  private final DatabaseClient db;
  private final AppliedEventsListener listener;
  private final Map<String, List<String>> subscriptionsByTopic = new HashMap<>();

  public AppliedPositions(
      DatabaseClient db, AppliedEventsListener listener, List<EventSubscription> subscriptions) {
    this.db = db;
    this.listener = listener;
    for (EventSubscription subscription : subscriptions) {
      for (String topic : subscription.topicNames()) {
        subscriptionsByTopic
            .computeIfAbsent(topic, t -> new ArrayList<>())
            .add(subscription.name());
      }
    }
  }

  /**
   * Completes with true as soon as every position of the token is applied, with false when {@code
   * timeout} passes first.
   */
  public Mono<Boolean> await(ConsistencyToken token, Duration timeout) {
    Set<String> subjects =
        token.positions().stream().map(Position::subject).collect(Collectors.toSet());
    // The waiter looks again at once on subscribing, then on each notification or re-check.
    Flux<Object> wakeUps =
        Flux.merge(
                Mono.just(0),
                listener.applied().filter(event -> subjects.contains(event.subject())),
                Flux.interval(RECHECK))
            .onBackpressureLatest();
    Mono<Boolean> waiting =
        wakeUps
            .concatMap(wakeUp -> applied(token), 1)
            .filter(Boolean::booleanValue)
            .next()
            .timeout(timeout, Mono.just(false));
    // The first look is not cut short by the timeout: a zero timeout still answers truthfully.
    return applied(token).flatMap(applied -> applied ? Mono.just(true) : waiting);
  }

  /** One look at {@code consumed_event}. */
  public Mono<Boolean> applied(ConsistencyToken token) {
    return Flux.fromIterable(token.positions()).concatMap(this::applied).all(Boolean::booleanValue);
  }

  private Mono<Boolean> applied(Position position) {
    List<String> readers = subscriptionsByTopic.getOrDefault(position.topic(), List.of());
    if (readers.isEmpty()) {
      return Mono.just(true); // no read model here depends on that topic
    }
    return db.sql(
            """
            select count(*) from consumed_event
             where subject = :subject and subscription = any(:subscriptions)
               and last_sequence >= :sequence
            """)
        .bind("subject", position.subject())
        .bind("subscriptions", readers.toArray(String[]::new))
        .bind("sequence", position.sequence())
        .map(row -> row.get(0, Long.class))
        .one()
        .map(count -> count == readers.size());
  }
}

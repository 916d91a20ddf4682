package io.crescendo.events.consumer.testapp;

import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.events.kafka.EventEnvelope;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The test read model: logs every application in {@code applied_event}. The username decides how
 * the handler behaves, after it wrote its row (so a failure must roll the row back): {@code
 * fail-once…} fails on the first attempt, {@code fail-always…} on every attempt, {@code block…}
 * waits for {@link #release()}.
 */
public class AppliedEvents {

  /** One row of {@code applied_event}. */
  public record Applied(String eventId, String subject, long sequence, String username) {}

  private final JdbcClient jdbc;
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final CountDownLatch gate = new CountDownLatch(1);

  AppliedEvents(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void apply(EventEnvelope event) {
    int attempt = attempts.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
    String username =
        switch (event.data()) {
          case UserRegistered registered -> registered.username();
          case UsernameChanged changed -> changed.username();
          case UserDeleted deleted -> null;
          default -> throw new IllegalArgumentException("Not a user event: " + event.type());
        };
    jdbc.sql(
            "insert into applied_event (event_id, subject, sequence, type, username)"
                + " values (?, ?, ?, ?, ?)")
        .params(event.id(), event.subject(), event.sequence(), event.type(), username)
        .update();
    if (username == null) {
      return;
    }
    if (username.startsWith("fail-once") && attempt == 1) {
      throw new IllegalStateException("failing once for " + event.id());
    }
    if (username.startsWith("fail-always")) {
      throw new IllegalStateException("always failing for " + event.id());
    }
    if (username.startsWith("block")) {
      awaitRelease();
    }
  }

  /** Lets blocked handlers finish. */
  public void release() {
    gate.countDown();
  }

  /** How often this context's handler was called for the event. */
  public int attempts(String eventId) {
    AtomicInteger count = attempts.get(eventId);
    return count == null ? 0 : count.get();
  }

  /** The events this context's handler was called for. */
  public Set<String> handledEventIds() {
    return attempts.keySet();
  }

  /** The committed applications for the aggregate, in the order they were applied. */
  public List<Applied> of(String subject) {
    return jdbc.sql(
            "select event_id, subject, sequence, username from applied_event"
                + " where subject = ? order by id")
        .param(subject)
        .query(Applied.class)
        .list();
  }

  private void awaitRelease() {
    try {
      if (!gate.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}

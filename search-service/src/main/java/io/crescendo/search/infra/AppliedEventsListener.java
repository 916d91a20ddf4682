package io.crescendo.search.infra;

import io.crescendo.events.consumer.AppliedEvent;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Hears {@link AppliedEvent#CHANNEL}: every event applied to the read models, by any replica. One
 * dedicated JDBC connection (not from the pool) on a platform thread of its own, reconnecting after
 * a database outage; waiters poll {@code consumed_event} as well, so a gap only costs latency.
 */
@Component
public class AppliedEventsListener implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AppliedEventsListener.class);
  private static final int POLL_MILLIS = 500;
  private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

  private final DataSourceProperties database;
  private final Sinks.Many<AppliedEvent> applied = Sinks.many().multicast().directBestEffort();
  private volatile Thread thread;
  private volatile boolean running;

  public AppliedEventsListener(DataSourceProperties database) {
    this.database = database;
  }

  /** Events applied from now on (hot; nothing is replayed). */
  public Flux<AppliedEvent> applied() {
    return applied.asFlux();
  }

  @Override
  public void start() {
    running = true;
    thread = Thread.ofPlatform().name("applied-events-listener").daemon().start(this::listen);
  }

  @Override
  public void stop() {
    running = false;
    Thread listener = thread;
    if (listener != null) {
      listener.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void listen() {
    while (running) {
      try (Connection connection =
              DriverManager.getConnection(
                  database.determineUrl(),
                  database.determineUsername(),
                  database.determinePassword());
          Statement statement = connection.createStatement()) {
        statement.execute("LISTEN " + AppliedEvent.CHANNEL);
        PGConnection notifications = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
          if (received != null) {
            for (PGNotification notification : received) {
              publish(notification.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        if (running) {
          log.warn("Listening on {} failed, reconnecting: {}", AppliedEvent.CHANNEL, e.toString());
          pause();
        }
      }
    }
  }

  private void publish(String payload) {
    try {
      // Serialized by this single thread; a waiter that is slow to take it misses it and polls.
      applied.tryEmitNext(AppliedEvent.parse(payload));
    } catch (IllegalArgumentException e) {
      log.warn("Ignoring a notification that is not an applied event: {}", payload);
    }
  }

  private void pause() {
    try {
      Thread.sleep(RECONNECT_DELAY);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}

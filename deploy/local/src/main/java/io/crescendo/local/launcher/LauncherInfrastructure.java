package io.crescendo.local.launcher;

import io.crescendo.local.infra.EmbeddedPostgresServer;
import io.crescendo.local.infra.Infrastructure;
import java.time.Duration;

/**
 * The launcher's PostgreSQL (embedded, in the launcher's JVM; the server is its own process) and
 * its Kafka broker (a supervised JVM of its own, restarted when it dies).
 */
final class LauncherInfrastructure implements Infrastructure {

  /** Enough for a controlled shutdown of the broker (its logs flushed, no recovery next time). */
  static final Duration KAFKA_STOP_GRACE = Duration.ofSeconds(60);

  private final EmbeddedPostgresServer postgres;
  private final ServiceSupervisor kafka;
  private final String kafkaBootstrapServers;
  private boolean closed;

  LauncherInfrastructure(
      EmbeddedPostgresServer postgres, ServiceSupervisor kafka, String kafkaBootstrapServers) {
    this.postgres = postgres;
    this.kafka = kafka;
    this.kafkaBootstrapServers = kafkaBootstrapServers;
  }

  @Override
  public String postgresHost() {
    return postgres.host();
  }

  @Override
  public int postgresPort() {
    return postgres.port();
  }

  @Override
  public String postgresUser() {
    return EmbeddedPostgresServer.USER;
  }

  @Override
  public String postgresPassword() {
    return EmbeddedPostgresServer.PASSWORD;
  }

  @Override
  public String kafkaBootstrapServers() {
    return kafkaBootstrapServers;
  }

  /** Stops the broker, then PostgreSQL. Never throws. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      kafka.stop(KAFKA_STOP_GRACE);
      postgres.close();
    }
  }
}

package io.crescendo.local.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * PostgreSQL (zonky) and a KRaft Kafka broker (in this JVM), started in parallel.
 *
 * <p>Layout under the data directory: {@code postgres/} (cluster), {@code kafka/} (log dir) and,
 * when persistent, {@code logs/postgres.log}.
 */
public final class EmbeddedInfrastructure implements Infrastructure {

  /** Told when a component is up, e.g. to print a progress line. */
  @FunctionalInterface
  public interface StartListener {
    /**
     * @param component {@code postgres} or {@code kafka}
     * @param address {@code host:port}
     * @param took time from start request to ready
     */
    void started(String component, String address, Duration took);

    StartListener NONE = (component, address, took) -> {};
  }

  private final InfraSettings settings;
  private final Path root;
  private final boolean deleteOnClose;
  private final EmbeddedPostgresServer postgres;
  private final EmbeddedKafkaBroker kafka;
  private boolean closed;

  private EmbeddedInfrastructure(
      InfraSettings settings,
      Path root,
      boolean deleteOnClose,
      EmbeddedPostgresServer postgres,
      EmbeddedKafkaBroker kafka) {
    this.settings = settings;
    this.root = root;
    this.deleteOnClose = deleteOnClose;
    this.postgres = postgres;
    this.kafka = kafka;
  }

  public static EmbeddedInfrastructure start(InfraSettings settings) {
    return start(settings, StartListener.NONE);
  }

  /**
   * Starts PostgreSQL and Kafka in parallel. If either fails, the other is stopped and the
   * temporary data (if any) removed before the exception propagates.
   */
  public static EmbeddedInfrastructure start(InfraSettings settings, StartListener listener) {
    Path root = dataRoot(settings);
    boolean temporary = !settings.persistent();
    Path serverLog = settings.persistent() ? root.resolve("logs").resolve("postgres.log") : null;
    ExecutorService starter =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "crescendo-infra-start");
              t.setDaemon(true);
              return t;
            });
    Future<EmbeddedPostgresServer> pg =
        starter.submit(
            () -> {
              long t0 = System.nanoTime();
              EmbeddedPostgresServer server =
                  EmbeddedPostgresServer.start(
                      settings.postgresPort(),
                      root.resolve("postgres"),
                      settings.persistent(),
                      serverLog);
              listener.started("postgres", server.host() + ":" + server.port(), since(t0));
              return server;
            });
    Future<EmbeddedKafkaBroker> broker =
        starter.submit(
            () -> {
              long t0 = System.nanoTime();
              EmbeddedKafkaBroker started =
                  EmbeddedKafkaBroker.start(
                      settings.kafkaPort(),
                      settings.kafkaControllerPort(),
                      settings.kafkaAdvertisedHost(),
                      root.resolve("kafka"));
              listener.started("kafka", started.bootstrapServers(), since(t0));
              return started;
            });
    starter.shutdown();
    EmbeddedPostgresServer postgres = null;
    EmbeddedKafkaBroker kafka = null;
    RuntimeException failure = null;
    try {
      postgres = await(pg);
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      kafka = await(broker);
    } catch (RuntimeException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      if (kafka != null) {
        kafka.close();
      }
      if (postgres != null) {
        postgres.close();
      }
      if (temporary) {
        FileTrees.deleteQuietly(root);
      }
      throw failure;
    }
    return new EmbeddedInfrastructure(settings, root, temporary, postgres, kafka);
  }

  private static Path dataRoot(InfraSettings settings) {
    try {
      if (settings.persistent()) {
        return Files.createDirectories(settings.dataDir());
      }
      if (settings.dataDir() != null) {
        Files.createDirectories(settings.dataDir());
        return Files.createTempDirectory(settings.dataDir(), "crescendo-infra-");
      }
      return Files.createTempDirectory("crescendo-infra-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the data directory", e);
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting the infrastructure", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause.getMessage(), cause);
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  public InfraSettings settings() {
    return settings;
  }

  /** Where the data lives (a temporary directory unless persistent). */
  public Path dataDir() {
    return root;
  }

  public EmbeddedPostgresServer postgres() {
    return postgres;
  }

  public EmbeddedKafkaBroker kafka() {
    return kafka;
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
    return kafka.bootstrapServers();
  }

  /** Stops Kafka, then PostgreSQL, then removes temporary data. Never throws. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    kafka.close();
    postgres.close();
    if (deleteOnClose) {
      FileTrees.deleteQuietly(root);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedInfrastructure[postgres="
        + postgresHost()
        + ":"
        + postgresPort()
        + ", kafka="
        + kafkaBootstrapServers()
        + ", data="
        + root
        + "]";
  }
}

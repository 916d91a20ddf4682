package io.crescendo.local.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL 17 and Apache Kafka in Docker containers (Testcontainers), for machines with Docker.
 */
public final class ContainerInfrastructure implements Infrastructure {

  public static final String POSTGRES_IMAGE = "postgres:17";
  public static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
  private static final Duration DOCKER_CHECK_TIMEOUT = Duration.ofSeconds(20);

  private final PostgreSQLContainer postgres;
  private final KafkaContainer kafka;
  private boolean closed;

  private ContainerInfrastructure(PostgreSQLContainer postgres, KafkaContainer kafka) {
    this.postgres = postgres;
    this.kafka = kafka;
  }

  /** Starts both containers (in parallel); stops whatever started if one fails. */
  @SuppressWarnings("resource")
  public static ContainerInfrastructure start() {
    PostgreSQLContainer postgres =
        new PostgreSQLContainer(POSTGRES_IMAGE)
            .withDatabaseName("postgres")
            .withUsername("postgres")
            .withPassword("postgres")
            // the cluster as the embedded one; databases get these settings explicitly anyway
            .withEnv("POSTGRES_INITDB_ARGS", "--locale-provider=builtin --locale=C.UTF-8")
            .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=200");
    KafkaContainer kafka =
        new KafkaContainer(KAFKA_IMAGE)
            .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
            .withEnv("KAFKA_NUM_PARTITIONS", "3")
            .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
    ExecutorService starter = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> started = new ArrayList<>();
      started.add(starter.submit(postgres::start));
      started.add(starter.submit(kafka::start));
      for (Future<?> future : started) {
        future.get();
      }
      return new ContainerInfrastructure(postgres, kafka);
    } catch (Exception e) {
      stopQuietly(kafka::stop);
      stopQuietly(postgres::stop);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("Could not start the PostgreSQL and Kafka containers", e);
    } finally {
      starter.shutdownNow();
    }
  }

  /**
   * Whether a Docker engine answers. Cheap and safe without Docker: Testcontainers is only asked
   * when some sign of a Docker engine exists (DOCKER_HOST, a known socket, a Testcontainers
   * configuration), and then only for a bounded time.
   */
  public static boolean isDockerAvailable() {
    if (!dockerHinted()) {
      return false;
    }
    ExecutorService probe =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "crescendo-docker-probe");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<Boolean> answer =
          probe.submit(() -> DockerClientFactory.instance().isDockerAvailable());
      return answer.get(DOCKER_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Throwable e) {
      return false;
    } finally {
      probe.shutdownNow();
    }
  }

  static boolean dockerHinted() {
    try {
      if (notBlank(System.getenv("DOCKER_HOST"))
          || notBlank(System.getenv("TESTCONTAINERS_HOST_OVERRIDE"))) {
        return true;
      }
      String home = System.getProperty("user.home", "");
      List<Path> candidates = new ArrayList<>();
      candidates.add(Path.of("/var/run/docker.sock"));
      candidates.add(Path.of("/run/docker.sock"));
      candidates.add(Path.of(home, ".docker", "run", "docker.sock"));
      candidates.add(Path.of(home, ".docker", "desktop", "docker.sock"));
      candidates.add(Path.of(home, ".colima", "default", "docker.sock"));
      candidates.add(Path.of(home, ".rd", "docker.sock"));
      candidates.add(Path.of(home, ".testcontainers.properties"));
      String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
      if (notBlank(runtimeDir)) {
        candidates.add(Path.of(runtimeDir, "docker.sock"));
      }
      for (Path candidate : candidates) {
        if (Files.exists(candidate)) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }

  private static void stopQuietly(Runnable stop) {
    try {
      stop.run();
    } catch (RuntimeException e) {
      // best effort
    }
  }

  @Override
  public String postgresHost() {
    return postgres.getHost();
  }

  @Override
  public int postgresPort() {
    return postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
  }

  @Override
  public String postgresUser() {
    return postgres.getUsername();
  }

  @Override
  public String postgresPassword() {
    return postgres.getPassword();
  }

  @Override
  public String kafkaBootstrapServers() {
    return kafka.getBootstrapServers();
  }

  /** Stops Kafka, then PostgreSQL. Never throws. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopQuietly(kafka::stop);
    stopQuietly(postgres::stop);
  }
}

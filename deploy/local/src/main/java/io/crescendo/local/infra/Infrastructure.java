package io.crescendo.local.infra;

/**
 * A running PostgreSQL server and Kafka broker, as used by the local launcher and by every
 * service's integration tests.
 *
 * <p>Implementations: {@link EmbeddedInfrastructure} (zonky PostgreSQL and an in-process KRaft
 * broker) and {@link ContainerInfrastructure} (Testcontainers).
 */
public interface Infrastructure extends AutoCloseable {

  /** Host PostgreSQL listens on, e.g. {@code 127.0.0.1}. */
  String postgresHost();

  int postgresPort();

  /** A superuser of the cluster, allowed to create databases. */
  String postgresUser();

  String postgresPassword();

  /**
   * Creates the database if it does not exist yet. Idempotent and safe to call concurrently from
   * several threads and JVMs.
   *
   * @param name lower-case letters, digits and underscores, starting with a letter or underscore
   */
  default void ensureDatabase(String name) {
    Databases.ensureDatabase(
        postgresHost(), postgresPort(), postgresUser(), postgresPassword(), name);
  }

  /** Ensures the database exists and returns {@code jdbc:postgresql://host:port/name}. */
  default String jdbcUrl(String database) {
    ensureDatabase(database);
    return "jdbc:postgresql://" + postgresHost() + ":" + postgresPort() + "/" + database;
  }

  /** Ensures the database exists and returns {@code r2dbc:postgresql://host:port/name}. */
  default String r2dbcUrl(String database) {
    ensureDatabase(database);
    return "r2dbc:postgresql://" + postgresHost() + ":" + postgresPort() + "/" + database;
  }

  /** Bootstrap servers of the Kafka broker, e.g. {@code 127.0.0.1:9092}. */
  String kafkaBootstrapServers();

  /** Stops Kafka, then PostgreSQL. Never throws. */
  @Override
  void close();
}

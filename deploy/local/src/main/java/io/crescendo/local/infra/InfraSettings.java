package io.crescendo.local.infra;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start the {@link EmbeddedInfrastructure}.
 *
 * <p>A port of 0 means "pick a free loopback port". With {@code persistent} the data lives in
 * {@code dataDir/postgres} and {@code dataDir/kafka} and survives restarts (fsync on). Otherwise
 * everything lives in a fresh temporary directory (created under {@code dataDir} when given, else
 * under {@code java.io.tmpdir}) that is deleted on close.
 *
 * @param postgresPort PostgreSQL port, 0 = free port
 * @param kafkaPort Kafka PLAINTEXT listener port, 0 = free port
 * @param kafkaControllerPort Kafka KRaft CONTROLLER listener port, 0 = free port
 * @param dataDir data directory (required when persistent), or null
 * @param persistent keep data across restarts
 * @param kafkaAdvertisedHost host name the broker advertises to clients, e.g. {@code 127.0.0.1} or
 *     {@code localhost}; it always listens on 127.0.0.1
 */
public record InfraSettings(
    int postgresPort,
    int kafkaPort,
    int kafkaControllerPort,
    Path dataDir,
    boolean persistent,
    String kafkaAdvertisedHost) {

  public static final String LOOPBACK = "127.0.0.1";

  public InfraSettings {
    checkPort("postgresPort", postgresPort);
    checkPort("kafkaPort", kafkaPort);
    checkPort("kafkaControllerPort", kafkaControllerPort);
    if (persistent && dataDir == null) {
      throw new IllegalArgumentException("A persistent infrastructure needs a dataDir");
    }
    dataDir = dataDir == null ? null : dataDir.toAbsolutePath().normalize();
    kafkaAdvertisedHost = kafkaAdvertisedHost == null ? LOOPBACK : kafkaAdvertisedHost;
  }

  /** Random free ports, temporary data deleted on close: what tests use. */
  public static InfraSettings ephemeral() {
    return new InfraSettings(0, 0, 0, null, false, LOOPBACK);
  }

  /** Data kept in {@code dataDir} across restarts; ports of 0 are picked freely. */
  public static InfraSettings persistent(
      Path dataDir, int postgresPort, int kafkaPort, int kafkaControllerPort) {
    Objects.requireNonNull(dataDir, "dataDir");
    return new InfraSettings(postgresPort, kafkaPort, kafkaControllerPort, dataDir, true, LOOPBACK);
  }

  public InfraSettings withKafkaAdvertisedHost(String host) {
    return new InfraSettings(
        postgresPort, kafkaPort, kafkaControllerPort, dataDir, persistent, host);
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be 0..65535, was " + port);
    }
  }
}

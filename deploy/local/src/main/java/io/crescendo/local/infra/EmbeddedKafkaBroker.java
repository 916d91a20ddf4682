package io.crescendo.local.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A single-node KRaft Kafka broker (combined broker + controller) running in this JVM, built from
 * Apache Kafka's own server classes: the storage is formatted once (cluster id kept in {@code
 * meta.properties}), then {@link KafkaRaftServer} starts on it, so a restart on the same log
 * directory keeps every record.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final int NODE_ID = 1;
  private static final String CONTROLLER = "CONTROLLER";
  private static final String PLAINTEXT = "PLAINTEXT";

  private final KafkaRaftServer server;
  private final int port;
  private final int controllerPort;
  private final String advertisedHost;
  private final Path logDir;
  private boolean closed;

  private EmbeddedKafkaBroker(
      KafkaRaftServer server, int port, int controllerPort, String advertisedHost, Path logDir) {
    this.server = server;
    this.port = port;
    this.controllerPort = controllerPort;
    this.advertisedHost = advertisedHost;
    this.logDir = logDir;
  }

  /**
   * Formats {@code logDir} if needed and starts the broker; returns once it serves clients.
   *
   * @param port PLAINTEXT port on 127.0.0.1, or 0 for a free one
   * @param controllerPort CONTROLLER port on 127.0.0.1, or 0 for a free one
   * @param advertisedHost host advertised to clients ({@code 127.0.0.1} or {@code localhost})
   * @param logDir log directory (metadata log included)
   */
  public static EmbeddedKafkaBroker start(
      int port, int controllerPort, String advertisedHost, Path logDir) {
    int brokerPort = FreePorts.orPick(port);
    int quorumPort = FreePorts.orPick(controllerPort);
    while (quorumPort == brokerPort) {
      quorumPort = FreePorts.pick();
    }
    Path dir = logDir.toAbsolutePath().normalize();
    KafkaConfig config = new KafkaConfig(properties(brokerPort, quorumPort, advertisedHost, dir));
    try {
      Files.createDirectories(dir);
      if (!Files.exists(dir.resolve("meta.properties"))) {
        format(config, dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the Kafka log directory " + dir, e);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot format the Kafka log directory " + dir, e);
    }
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      server.startup(); // returns once the broker is unfenced and serves requests
    } catch (RuntimeException e) {
      stop(server);
      throw new IllegalStateException(
          "Kafka did not start on 127.0.0.1:" + brokerPort + " (log dir " + dir + ")", e);
    }
    return new EmbeddedKafkaBroker(server, brokerPort, quorumPort, advertisedHost, dir);
  }

  static Properties properties(int port, int controllerPort, String advertisedHost, Path logDir) {
    String host = InfraSettings.LOOPBACK;
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(NODE_ID));
    p.setProperty("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    p.setProperty(
        "listeners",
        PLAINTEXT
            + "://"
            + host
            + ":"
            + port
            + ","
            + CONTROLLER
            + "://"
            + host
            + ":"
            + controllerPort);
    p.setProperty("advertised.listeners", PLAINTEXT + "://" + advertisedHost + ":" + port);
    p.setProperty("controller.listener.names", CONTROLLER);
    p.setProperty("inter.broker.listener.name", PLAINTEXT);
    p.setProperty(
        "listener.security.protocol.map", PLAINTEXT + ":PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
    p.setProperty("log.dirs", logDir.toString());
    p.setProperty("num.partitions", "3");
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "5");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "5");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.num.partitions", "5");
    // Small footprint: this broker shares a 2-core machine with the services.
    p.setProperty("num.network.threads", "2");
    p.setProperty("num.io.threads", "2");
    p.setProperty("background.threads", "2");
    p.setProperty("num.recovery.threads.per.data.dir", "1");
    p.setProperty("log.cleaner.threads", "1");
    p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    p.setProperty("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
    p.setProperty("controlled.shutdown.enable", "true");
    return p;
  }

  private static void format(KafkaConfig config, Path dir) throws Exception {
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(config.nodeId())
        .setClusterId(Uuid.randomUuid().toString())
        .setUnstableFeatureVersionsEnabled(false)
        .setIgnoreFormatted(true)
        .setControllerListenerName(CONTROLLER)
        .setMetadataLogDirectory(config.metadataLogDir())
        .setHasDynamicQuorum(false) // static voter: the controller port may change between runs
        .addDirectory(dir.toString())
        .run();
  }

  /** {@code 127.0.0.1:port}. */
  public String bootstrapServers() {
    return InfraSettings.LOOPBACK + ":" + port;
  }

  public int port() {
    return port;
  }

  public int controllerPort() {
    return controllerPort;
  }

  public String advertisedHost() {
    return advertisedHost;
  }

  public Path logDir() {
    return logDir;
  }

  /** Shuts the broker and controller down and waits for it. Never throws. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      stop(server);
    }
  }

  private static void stop(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      // best effort
    }
  }
}

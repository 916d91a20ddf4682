package io.crescendo.local.launcher;

import io.crescendo.local.infra.EmbeddedKafkaBroker;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * The launcher's Kafka broker as a process of its own, supervised like a service: it can be killed
 * and is restarted on the same log directory and ports, so a broker outage can be staged (and
 * survived) without stopping anything else (docs/reliability.md).
 *
 * <p>Arguments: {@code <port> <controller port> <advertised host> <log dir>}. Its logging goes to
 * {@code logs/kafka-broker.log} (system properties set by {@link #command}); its console output and
 * the supervisor's start lines to {@code logs/kafka.log}.
 */
public final class KafkaBrokerProcess {

  private KafkaBrokerProcess() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 4) {
      System.err.println("usage: KafkaBrokerProcess <port> <controller port> <host> <log dir>");
      System.exit(2);
      return;
    }
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(
            Integer.parseInt(args[0]), Integer.parseInt(args[1]), args[2], Path.of(args[3]));
    // SIGTERM: a controlled shutdown, so that the next start needs no log recovery.
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-stop"));
    System.out.println("Kafka broker serving on " + broker.bootstrapServers());
    new CountDownLatch(1).await();
  }

  /** The command that runs the broker with this JVM's java and class path. */
  static List<String> command(
      int port, int controllerPort, String advertisedHost, Path logDir, Path logsDir) {
    List<String> command = new ArrayList<>();
    command.add(CrescendoLauncher.javaCommand());
    command.addAll(List.of("-Xss512k", "-XX:+UseSerialGC", "-Xmx512m"));
    if (Runtime.version().feature() >= 23) {
      // Kafka still uses sun.misc.Unsafe; without this JDK 24+ warns in its log on every start.
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Dcrescendo.log.dir=" + logsDir.toAbsolutePath());
    command.add("-Dcrescendo.log.file=kafka-broker");
    command.add("-Dlogback.configurationFile=crescendo-launcher-logback.xml");
    command.add("-cp");
    command.add(absoluteClassPath());
    command.add(KafkaBrokerProcess.class.getName());
    command.add(Integer.toString(port));
    command.add(Integer.toString(controllerPort));
    command.add(advertisedHost);
    command.add(logDir.toAbsolutePath().toString());
    return command;
  }

  /** This JVM's class path with absolute entries: the broker runs in the data directory. */
  private static String absoluteClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }
}

package io.crescendo.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crescendo.local.infra.FreePorts;
import io.crescendo.local.infra.KafkaRoundTrip;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's broker as a process of its own: killed, it comes back with every record. */
class KafkaBrokerProcessTest {

  @TempDir Path dir;

  @Test
  void aKilledBrokerIsRestartedOnItsLogsAndPorts() throws Exception {
    var output = new ByteArrayOutputStream();
    var console = new Console(new PrintStream(output, true, StandardCharsets.UTF_8));
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    int port = FreePorts.pick();
    String bootstrap = "127.0.0.1:" + port;
    KafkaProbe probe = new KafkaProbe(bootstrap);
    ServiceSupervisor broker =
        new ServiceSupervisor(
            "kafka",
            port,
            KafkaBrokerProcess.command(
                port, FreePorts.pick(), "127.0.0.1", dir.resolve("kafka"), dir.resolve("logs")),
            Map.of(),
            dir,
            dir.resolve("logs").resolve("kafka.log"),
            dir.resolve("hold").resolve("kafka"),
            probe,
            console,
            scheduler);
    try {
      assertThat(probe.isUp()).isFalse();
      broker.start();
      assertThat(broker.awaitHealthy(Duration.ofSeconds(60)))
          .isEqualTo(ServiceSupervisor.Startup.HEALTHY);
      broker.supervise();
      KafkaRoundTrip.createTopic(bootstrap, "survives-a-kill", 1);
      KafkaRoundTrip.send(bootstrap, "survives-a-kill", "key", "before the kill");
      long firstPid = broker.pid();

      ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> broker.pid() != firstPid && probe.isUp());
      assertThat(output.toString(StandardCharsets.UTF_8))
          .contains("kafka exited unexpectedly (code 137)");
      assertThat(KafkaRoundTrip.readAll(bootstrap, "survives-a-kill", 1, Duration.ofSeconds(30)))
          .extracting(record -> record.value())
          .containsExactly("before the kill");
    } finally {
      broker.stop(Duration.ofSeconds(30));
      scheduler.shutdownNow();
    }
  }
}

package io.crescendo.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crescendo.local.infra.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSupervisorTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final Console console =
      new Console(new PrintStream(output, true, StandardCharsets.UTF_8));
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopScheduler() {
    scheduler.shutdownNow();
  }

  @Test
  void restartsAServiceThatDiesAndStopsItOnRequest() throws Exception {
    int port = FreePorts.pick();
    ServiceSupervisor supervisor = fakeService("fake-service", port, Map.of());
    supervisor.start();
    assertThat(supervisor.awaitHealthy(Duration.ofSeconds(30)))
        .isEqualTo(ServiceSupervisor.Startup.HEALTHY);
    supervisor.supervise();
    long firstPid = supervisor.pid();

    ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> supervisor.pid() != firstPid && new HealthProbe("127.0.0.1", port).isUp());
    assertThat(output.toString(StandardCharsets.UTF_8))
        .contains("fake-service exited unexpectedly (code 137); restarting in 1 s")
        .contains("fake-service restarted (pid " + supervisor.pid() + ")");

    supervisor.stop(Duration.ofSeconds(10));
    assertThat(supervisor.isRunning()).isFalse();
    assertThat(Files.readString(supervisor.logFile()))
        .contains("crescendo launcher: starting fake-service")
        .contains("crescendo launcher: restarting fake-service")
        .contains("fake service up on 127.0.0.1:" + port);
  }

  @Test
  void keepsAHeldServiceDownUntilItsHoldFileIsRemoved() throws Exception {
    int port = FreePorts.pick();
    ServiceSupervisor supervisor = fakeService("held-service", port, Map.of());
    supervisor.start();
    assertThat(supervisor.awaitHealthy(Duration.ofSeconds(30)))
        .isEqualTo(ServiceSupervisor.Startup.HEALTHY);
    supervisor.supervise();
    long firstPid = supervisor.pid();
    Path hold = Files.createDirectories(dir.resolve("hold")).resolve("held-service");
    Files.createFile(hold);

    ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> output.toString(StandardCharsets.UTF_8).contains("held-service is held"));
    // Well past the first back-off (1 s): still down.
    await()
        .during(Duration.ofMillis(2_500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> supervisor.pid() == firstPid && !supervisor.isRunning());

    Files.delete(hold);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> supervisor.pid() != firstPid && new HealthProbe("127.0.0.1", port).isUp());
    supervisor.stop(Duration.ofSeconds(10));
  }

  @Test
  void reportsAServiceThatExitsDuringStartup() throws Exception {
    ServiceSupervisor supervisor =
        fakeService("crashing-service", FreePorts.pick(), Map.of("FAKE_MODE", "crash"));
    supervisor.start();

    assertThat(supervisor.awaitHealthy(Duration.ofSeconds(30)))
        .isEqualTo(ServiceSupervisor.Startup.EXITED);
    assertThat(supervisor.exitCode()).isEqualTo(3);
    supervisor.stop(Duration.ofSeconds(1));
  }

  @Test
  void backOffDoublesUpToThirtySeconds() {
    assertThat(ServiceSupervisor.backoff(0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(ServiceSupervisor.backoff(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(ServiceSupervisor.backoff(2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(ServiceSupervisor.backoff(4)).isEqualTo(Duration.ofSeconds(16));
    assertThat(ServiceSupervisor.backoff(5)).isEqualTo(Duration.ofSeconds(30));
    assertThat(ServiceSupervisor.backoff(40)).isEqualTo(Duration.ofSeconds(30));
  }

  private ServiceSupervisor fakeService(String name, int port, Map<String, String> extraEnv)
      throws Exception {
    String classes =
        Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    List<String> command =
        List.of(
            CrescendoLauncher.javaCommand(),
            "-XX:TieredStopAtLevel=1",
            "-cp",
            classes,
            FakeService.class.getName());
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of("SERVER_PORT", Integer.toString(port), "SERVER_ADDRESS", "127.0.0.1"));
    env.putAll(extraEnv);
    return new ServiceSupervisor(
        name,
        port,
        command,
        env,
        dir,
        dir.resolve("logs").resolve(name + ".log"),
        dir.resolve("hold").resolve(name),
        new HealthProbe("127.0.0.1", port),
        console,
        scheduler);
  }
}

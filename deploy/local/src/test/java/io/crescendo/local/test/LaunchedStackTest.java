package io.crescendo.local.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Period;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchedStackTest {

  @Test
  void tellsTheLauncherItsPortsDataClockAndExtraVariables(@TempDir Path data) {
    var settings =
        new LaunchedStack.Settings(
                Path.of("/repo/./x/.."),
                data,
                new LaunchedStack.Ports(8081, 9093, 15433),
                Period.ZERO,
                java.util.Map.of())
            .with("CRESCENDO_AUTH_RATE_LIMIT", "1000")
            .withClockOffset(Period.ofDays(3));

    assertThat(settings.launcherEnvironment())
        .containsEntry("CRESCENDO_HOME", "/repo")
        .containsEntry("CRESCENDO_HTTP_PORT", "8081")
        .containsEntry("CRESCENDO_KAFKA_PORT", "9093")
        .containsEntry("CRESCENDO_PG_PORT", "15433")
        .containsEntry("CRESCENDO_DATA_DIR", data.toString())
        .containsEntry("CRESCENDO_CLOCK_OFFSET", "P3D")
        .containsEntry("CRESCENDO_AUTH_RATE_LIMIT", "1000");
    assertThat(LaunchedStack.Settings.of(Path.of("/repo"), data).launcherEnvironment())
        .doesNotContainKey("CRESCENDO_CLOCK_OFFSET");
  }

  @Test
  void picksThreeDifferentFreePorts() {
    var ports = LaunchedStack.Ports.free();
    assertThat(java.util.Set.of(ports.http(), ports.kafka(), ports.postgres())).hasSize(3);
  }

  @Test
  void refusesToStartBeforeTheLauncherIsBuilt(@TempDir Path home) {
    assertThatThrownBy(() -> LaunchedStack.start(LaunchedStack.Settings.of(home, home)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("crescendo-local.jar is missing");
    assertThat(LaunchedStack.defaultHome()).isAbsolute();
  }
}

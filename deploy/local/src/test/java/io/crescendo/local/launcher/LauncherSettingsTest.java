package io.crescendo.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherSettingsTest {

  @TempDir Path cwd;

  @Test
  void defaults() throws Exception {
    LauncherSettings settings = LauncherSettings.fromEnvironment(Map.of(), cwd, null);

    assertThat(settings.httpPort()).isEqualTo(8080);
    assertThat(settings.kafkaPort()).isEqualTo(9092);
    assertThat(settings.kafkaControllerPort()).isZero();
    assertThat(settings.postgresPort()).isEqualTo(15432);
    assertThat(settings.dataDir()).isEqualTo(cwd.toAbsolutePath().resolve(".crescendo"));
    assertThat(settings.clockOffset()).isNull();
    assertThat(settings.home()).isEqualTo(cwd.toAbsolutePath());
    assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(settings.jvmOptions()).isEmpty();
  }

  @Test
  void extraJvmOptionsComeAfterTheLaunchersOwn() throws Exception {
    LauncherSettings settings =
        LauncherSettings.fromEnvironment(
            Map.of("CRESCENDO_JVM_OPTIONS", "  -XX:TieredStopAtLevel=4 \t -Xmx768m "), cwd, null);

    assertThat(settings.jvmOptions()).containsExactly("-XX:TieredStopAtLevel=4", "-Xmx768m");
  }

  @Test
  void refusesWhatIsNotAJvmOption() {
    for (String value : new String[] {"-Xmx1g Main", "-jar other.jar"}) {
      assertThatThrownBy(
              () ->
                  LauncherSettings.fromEnvironment(
                      Map.of("CRESCENDO_JVM_OPTIONS", value), cwd, null))
          .isInstanceOf(LauncherException.class)
          .hasMessageContaining("CRESCENDO_JVM_OPTIONS")
          .hasMessageContaining("not a JVM option");
    }
  }

  @Test
  void readsTheEnvironment() throws Exception {
    Path home = Files.createDirectories(cwd.resolve("repo"));
    LauncherSettings settings =
        LauncherSettings.fromEnvironment(
            Map.of(
                "CRESCENDO_HTTP_PORT", "18080",
                "CRESCENDO_KAFKA_PORT", "19092",
                "CRESCENDO_PG_PORT", "25432",
                "CRESCENDO_DATA_DIR", "data",
                "CRESCENDO_CLOCK_OFFSET", "P3D",
                "CRESCENDO_HOME", home.toString()),
            cwd,
            null);

    assertThat(settings.httpPort()).isEqualTo(18080);
    assertThat(settings.kafkaPort()).isEqualTo(19092);
    assertThat(settings.postgresPort()).isEqualTo(25432);
    assertThat(settings.dataDir()).isEqualTo(cwd.toAbsolutePath().resolve("data"));
    assertThat(settings.clockOffset()).isEqualTo("P3D");
    assertThat(settings.home()).isEqualTo(home.toAbsolutePath());
  }

  @Test
  void rejectsAnInvalidClockOffsetClearly() {
    assertThatThrownBy(
            () ->
                LauncherSettings.fromEnvironment(
                    Map.of("CRESCENDO_CLOCK_OFFSET", "3 days"), cwd, null))
        .isInstanceOf(LauncherException.class)
        .hasMessage(
            "CRESCENDO_CLOCK_OFFSET='3 days' is not an ISO-8601 duration; use e.g. P3D (3 days),"
                + " PT12H or -P1D")
        .satisfies(e -> assertThat(((LauncherException) e).exitCode()).isEqualTo(2));
  }

  @Test
  void rejectsAnInvalidPort() {
    assertThatThrownBy(
            () ->
                LauncherSettings.fromEnvironment(
                    Map.of("CRESCENDO_KAFKA_PORT", "99999"), cwd, null))
        .hasMessage("CRESCENDO_KAFKA_PORT='99999' is not a port number (1-65535)");
  }

  @Test
  void derivesTheRepositoryRootFromTheLauncherJar() {
    Path root = cwd.resolve("root");
    Path jar = root.resolve("deploy/local/target/crescendo-local.jar");

    assertThat(LauncherSettings.deriveHome(jar, cwd)).isEqualTo(root);
    assertThat(LauncherSettings.deriveHome(root.resolve("deploy/local/target/classes"), cwd))
        .isEqualTo(root);
    assertThat(LauncherSettings.deriveHome(cwd.resolve("elsewhere/x.jar"), cwd)).isEqualTo(cwd);
    assertThat(LauncherSettings.deriveHome(null, cwd)).isEqualTo(cwd);
  }
}

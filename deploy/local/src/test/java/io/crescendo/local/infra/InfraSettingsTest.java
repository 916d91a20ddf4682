package io.crescendo.local.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InfraSettingsTest {

  @Test
  void ephemeralPicksEverythingFreely() {
    InfraSettings settings = InfraSettings.ephemeral();

    assertThat(settings.postgresPort()).isZero();
    assertThat(settings.kafkaPort()).isZero();
    assertThat(settings.kafkaControllerPort()).isZero();
    assertThat(settings.dataDir()).isNull();
    assertThat(settings.persistent()).isFalse();
    assertThat(settings.kafkaAdvertisedHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void persistentNeedsADataDirectory() {
    assertThatThrownBy(() -> new InfraSettings(1, 2, 3, null, true, null))
        .isInstanceOf(IllegalArgumentException.class);
    InfraSettings settings =
        InfraSettings.persistent(Path.of("rel"), 15432, 9092, 0)
            .withKafkaAdvertisedHost("localhost");
    assertThat(settings.dataDir()).isAbsolute();
    assertThat(settings.kafkaAdvertisedHost()).isEqualTo("localhost");
  }

  @Test
  void rejectsInvalidPorts() {
    assertThatThrownBy(() -> new InfraSettings(70000, 0, 0, null, false, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dockerIsNotProbedWithoutAnyHint() {
    // No DOCKER_HOST and no socket on this machine: answered at once, without Testcontainers.
    if (!ContainerInfrastructure.dockerHinted()) {
      assertThat(ContainerInfrastructure.isDockerAvailable()).isFalse();
    }
  }
}

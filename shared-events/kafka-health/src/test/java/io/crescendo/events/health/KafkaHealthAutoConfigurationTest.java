package io.crescendo.events.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** When a service gets the {@code kafka} health indicator. */
class KafkaHealthAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(KafkaHealthAutoConfiguration.class));

  @Test
  void aServiceWithAKafkaClusterHasIt() {
    runner
        .withPropertyValues(
            "crescendo.kafka.bootstrap-servers=127.0.0.1:9", "management.health.kafka.timeout=1s")
        .run(
            context -> {
              assertThat(context).hasSingleBean(KafkaHealthIndicator.class);
              assertThat(context).hasBean("kafkaHealthIndicator");
              assertThat(context.getBean(KafkaHealthProperties.class).timeout())
                  .isEqualTo(Duration.ofSeconds(1));
            });
  }

  @Test
  void itClosesItsClientWithTheApplication() {
    var indicator =
        new Object() {
          KafkaHealthIndicator value;
        };
    runner
        .withPropertyValues("crescendo.kafka.bootstrap-servers=127.0.0.1:9")
        .run(context -> indicator.value = context.getBean(KafkaHealthIndicator.class));

    var afterClose = indicator.value.health().block(Duration.ofSeconds(5));
    assertThat(afterClose.getStatus()).isEqualTo(Status.DOWN);
    assertThat(afterClose.getDetails().get("error")).asString().contains("closed");
  }

  @Test
  void withoutAClusterThereIsNone() {
    runner.run(context -> assertThat(context).doesNotHaveBean(KafkaHealthIndicator.class));
  }

  @Test
  void itCanBeTurnedOffLikeSpringBootsOwnIndicators() {
    runner
        .withPropertyValues(
            "crescendo.kafka.bootstrap-servers=127.0.0.1:9",
            "management.health.kafka.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(KafkaHealthIndicator.class));
  }
}

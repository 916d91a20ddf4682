package io.crescendo.events.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crescendo.local.infra.EmbeddedKafkaBroker;
import io.crescendo.local.infra.FreePorts;
import io.crescendo.local.test.TestInfrastructure;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import reactor.test.StepVerifier;

/**
 * The {@code kafka} health check against a real broker, no broker, and a broker that comes back.
 */
class KafkaHealthIndicatorTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** The deadline, the backstop, and a margin for creating the client on a busy machine. */
  private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(4);

  @Test
  void upWithTheClusterIdAndItsBrokers() {
    String bootstrap = TestInfrastructure.shared().kafkaBootstrapServers();
    try (var indicator = new KafkaHealthIndicator(bootstrap, "health-test", TIMEOUT)) {
      for (int check = 1; check <= 2; check++) { // the second check reuses the client
        StepVerifier.create(indicator.health())
            .assertNext(
                health -> {
                  assertThat(health.getStatus()).isEqualTo(Status.UP);
                  assertThat(health.getDetails().get("clusterId")).asString().isNotBlank();
                  assertThat(health.getDetails()).containsEntry("nodes", 1);
                })
            .expectComplete()
            .verify(ANSWERED_WITHIN);
      }
    }
  }

  @Test
  void downPromptlyWithTheReasonWhenNoBrokerAnswers() {
    String nobody = "127.0.0.1:" + FreePorts.pick();
    try (var indicator = new KafkaHealthIndicator(nobody, "health-test", TIMEOUT)) {
      for (int check = 1; check <= 2; check++) {
        StepVerifier.create(indicator.health())
            .assertNext(
                health -> {
                  assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                  assertThat(health.getDetails())
                      .containsEntry("bootstrapServers", nobody)
                      .hasEntrySatisfying(
                          "error",
                          error ->
                              assertThat(error)
                                  .asString()
                                  .startsWith("no answer from Kafka within 2000 ms"));
                })
            .expectComplete()
            .verify(ANSWERED_WITHIN);
      }
    }
  }

  @Test
  void downWhenTheClientCannotBeCreated() {
    String unresolvable = "kafka.crescendo.invalid:9092";
    try (var indicator = new KafkaHealthIndicator(unresolvable, "health-test", TIMEOUT)) {
      StepVerifier.create(indicator.health())
          .assertNext(
              health -> {
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails())
                    .containsEntry("bootstrapServers", unresolvable)
                    .containsKey("error");
              })
          .expectComplete()
          .verify(ANSWERED_WITHIN);
    }
  }

  @Test
  void theSameClientSeesTheBrokerGoAndComeBack(@TempDir Path logDir) {
    int port = FreePorts.pick();
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, 0, "127.0.0.1", logDir);
    try (var indicator = new KafkaHealthIndicator("127.0.0.1:" + port, "health-test", TIMEOUT)) {
      assertThat(check(indicator).getStatus()).isEqualTo(Status.UP);

      broker.close();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> check(indicator).getStatus().equals(Status.DOWN));

      broker = EmbeddedKafkaBroker.start(port, 0, "127.0.0.1", logDir);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> check(indicator).getStatus().equals(Status.UP));
    } finally {
      broker.close();
    }
  }

  @Test
  void aClosedIndicatorIsDown() {
    String bootstrap = TestInfrastructure.shared().kafkaBootstrapServers();
    var indicator = new KafkaHealthIndicator(bootstrap, "health-test", TIMEOUT);
    assertThat(check(indicator).getStatus()).isEqualTo(Status.UP);

    indicator.close();

    Health health = check(indicator);
    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails().get("error")).asString().contains("closed");
  }

  private static Health check(KafkaHealthIndicator indicator) {
    return indicator.health().block(ANSWERED_WITHIN);
  }
}

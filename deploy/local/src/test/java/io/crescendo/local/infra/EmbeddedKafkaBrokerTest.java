package io.crescendo.local.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

  @TempDir Path logDir;

  @Test
  void failsCleanlyWhenItsPortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

      assertThatThrownBy(
              () -> EmbeddedKafkaBroker.start(taken.getLocalPort(), 0, "127.0.0.1", logDir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Kafka did not start on 127.0.0.1:" + taken.getLocalPort());
    }
    // The log directory was formatted and is usable by the next attempt.
    assertThat(logDir.resolve("meta.properties")).exists();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, 0, "127.0.0.1", logDir)) {
      assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
      KafkaRoundTrip.createTopic(broker.bootstrapServers(), "after-retry", 1);
    }
  }

  @Test
  void advertisesTheRequestedHost() {
    var props = EmbeddedKafkaBroker.properties(9092, 9093, "localhost", logDir);

    assertThat(props.getProperty("listeners"))
        .isEqualTo("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
    assertThat(props.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://localhost:9092");
    assertThat(props.getProperty("auto.create.topics.enable")).isEqualTo("false");
    assertThat(props.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
    assertThat(props.getProperty("transaction.state.log.min.isr")).isEqualTo("1");
    assertThat(props.getProperty("group.initial.rebalance.delay.ms")).isEqualTo("0");
    assertThat(props.getProperty("num.partitions")).isEqualTo("3");
  }
}

package io.crescendo.local.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentInfrastructureTest {

  @TempDir Path dataDir;

  @Test
  void keepsRowsAndRecordsAcrossRestarts() throws Exception {
    int pgPort = FreePorts.pick();
    int kafkaPort = FreePorts.pick();
    InfraSettings settings = InfraSettings.persistent(dataDir, pgPort, kafkaPort, 0);

    try (EmbeddedInfrastructure first = EmbeddedInfrastructure.start(settings)) {
      assertThat(first.postgresPort()).isEqualTo(pgPort);
      assertThat(first.kafkaBootstrapServers()).isEqualTo("127.0.0.1:" + kafkaPort);
      try (Connection connection = connect(first);
          Statement statement = connection.createStatement()) {
        statement.execute("create table note (body text)");
        statement.execute("insert into note values ('kept')");
      }
      KafkaRoundTrip.createTopic(first.kafkaBootstrapServers(), "kept-topic", 1);
      KafkaRoundTrip.send(first.kafkaBootstrapServers(), "kept-topic", "k", "kept-record");
    }
    assertThat(dataDir.resolve("postgres").resolve("PG_VERSION")).exists();
    assertThat(dataDir.resolve("kafka").resolve("meta.properties")).exists();

    // Same data directory and ports; the controller port may differ between runs.
    try (EmbeddedInfrastructure second = EmbeddedInfrastructure.start(settings)) {
      try (Connection connection = connect(second);
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("select body from note")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("kept");
      }
      List<ConsumerRecord<String, String>> records =
          KafkaRoundTrip.readAll(
              second.kafkaBootstrapServers(), "kept-topic", 1, Duration.ofSeconds(30));
      assertThat(records).extracting(ConsumerRecord::value).containsExactly("kept-record");
    }
    assertThat(dataDir.resolve("postgres").resolve("PG_VERSION")).exists();
  }

  private static Connection connect(Infrastructure infra) throws Exception {
    return DriverManager.getConnection(
        infra.jdbcUrl("notes"), infra.postgresUser(), infra.postgresPassword());
  }
}

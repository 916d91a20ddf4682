package io.crescendo.local.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedInfrastructureTest {

  private static EmbeddedInfrastructure infra;

  @BeforeAll
  static void start() {
    infra = EmbeddedInfrastructure.start(InfraSettings.ephemeral());
  }

  @AfterAll
  static void stop() {
    Path data = infra.dataDir();
    infra.close();
    assertThat(data).doesNotExist();
    infra.close(); // idempotent, no exception
  }

  @Test
  void servesJdbcOnACreatedDatabase() throws Exception {
    String url = infra.jdbcUrl("alpha");

    assertThat(url).isEqualTo("jdbc:postgresql://127.0.0.1:" + infra.postgresPort() + "/alpha");
    assertThat(infra.r2dbcUrl("alpha"))
        .isEqualTo("r2dbc:postgresql://127.0.0.1:" + infra.postgresPort() + "/alpha");
    try (Connection connection =
            DriverManager.getConnection(url, infra.postgresUser(), infra.postgresPassword());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select 1, current_database(), version()")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(1);
      assertThat(rows.getString(2)).isEqualTo("alpha");
      assertThat(rows.getString(3)).startsWith("PostgreSQL 17");
    }
  }

  @Test
  void ensureDatabaseIsIdempotentAndConcurrencySafe() throws Exception {
    infra.ensureDatabase("beta");
    infra.ensureDatabase("beta");

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Callable<String> call = () -> infra.jdbcUrl("gamma");
        results.add(pool.submit(call));
      }
      for (Future<String> result : results) {
        assertThat(result.get()).endsWith("/gamma");
      }
    } finally {
      pool.shutdown();
    }
    try (Connection connection =
            DriverManager.getConnection(
                infra.jdbcUrl("postgres"), infra.postgresUser(), infra.postgresPassword());
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select count(*) from pg_database where datname in ('beta', 'gamma')")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(2);
    }
  }

  @Test
  void rejectsUnsafeDatabaseNames() {
    assertThatThrownBy(() -> infra.ensureDatabase("x\"; drop database postgres; --"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> infra.ensureDatabase("Upper"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void kafkaCreatesTopicsAndRoundTripsRecords() throws Exception {
    String bootstrap = infra.kafkaBootstrapServers();
    assertThat(bootstrap).isEqualTo("127.0.0.1:" + infra.kafka().port());

    KafkaRoundTrip.createTopic(bootstrap, "round-trip", 3);
    KafkaRoundTrip.send(bootstrap, "round-trip", "k1", "hello");
    List<ConsumerRecord<String, String>> records =
        KafkaRoundTrip.readAll(bootstrap, "round-trip", 1, Duration.ofSeconds(30));

    assertThat(records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.key()).isEqualTo("k1");
              assertThat(r.value()).isEqualTo("hello");
            });
  }

  @Test
  void kafkaDoesNotAutoCreateTopics() throws Exception {
    String bootstrap = infra.kafkaBootstrapServers();
    KafkaRoundTrip.readAll(bootstrap, "never-created", 1, Duration.ofSeconds(2));

    assertThat(KafkaRoundTrip.topics(bootstrap)).doesNotContain("never-created");
  }

  @Test
  void keepsDataInATemporaryDirectory() {
    assertThat(infra.dataDir()).isDirectory();
    assertThat(Files.exists(infra.dataDir().resolve("kafka").resolve("meta.properties"))).isTrue();
    assertThat(infra.settings().persistent()).isFalse();
  }
}

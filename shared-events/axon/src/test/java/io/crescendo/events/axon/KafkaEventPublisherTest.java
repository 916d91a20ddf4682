package io.crescendo.events.axon;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crescendo.events.Topics;
import io.crescendo.events.axon.publisher.KafkaEventPublisher;
import io.crescendo.events.axon.testapp.Member;
import io.crescendo.events.axon.testapp.PublisherTestApplication;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import io.crescendo.local.infra.EmbeddedKafkaBroker;
import io.crescendo.local.infra.Infrastructure;
import io.crescendo.local.test.TestInfrastructure;
import io.crescendo.local.test.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The event store is the outbox: what it holds reaches Kafka, once, in order, even after faults.
 */
class KafkaEventPublisherTest {

  private static final String TOPIC = Topics.IDENTITY_USER.name();
  private static final Duration PUBLISHED_WITHIN = Duration.ofSeconds(60);

  private final Infrastructure infra = TestInfrastructure.shared();
  private final EventRecordCodec codec = new EventRecordCodec();

  @Test
  void publishesPublicEventsKeyedByAggregateWithCloudEventsHeaders() {
    try (var app = start("publisher_format", infra.kafkaBootstrapServers())) {
      UUID id = UUID.randomUUID();
      commands(app).sendAndWait(new Member.Join(id, id + "@example.com", false));
      commands(app).sendAndWait(new Member.Rename(id, "renamed"));

      var records = awaitRecords(infra.kafkaBootstrapServers(), id, 2);

      assertThat(records).extracting(ConsumerRecord::key).containsOnly(id.toString());
      ConsumerRecord<String, byte[]> registered = records.get(0);
      assertThat(header(registered, "ce_specversion")).isEqualTo("1.0");
      assertThat(header(registered, "ce_type")).isEqualTo("crescendo.identity.UserRegistered.v1");
      assertThat(header(registered, "ce_source")).isEqualTo("/crescendo/publisher-test");
      assertThat(header(registered, "ce_subject")).isEqualTo(id.toString());
      assertThat(header(registered, "ce_sequence")).isEqualTo("0");
      assertThat(header(registered, "content-type")).isEqualTo("application/json");
      assertThat(header(registered, "ce_id")).isNotBlank();
      assertThat(header(registered, "ce_time")).endsWith("Z");
      assertThat(codec.decode(registered).data()).isInstanceOf(UserRegistered.class);

      // The internal SecretKept event took sequence 1 and never left the service.
      EventEnvelope renamed = codec.decode(records.get(1));
      assertThat(renamed.data())
          .isInstanceOfSatisfying(
              UsernameChanged.class, e -> assertThat(e.username()).isEqualTo("renamed"));
      assertThat(renamed.sequence()).isEqualTo(2);
      assertThat(records)
          .allSatisfy(r -> assertThat(new String(r.value(), UTF_8)).doesNotContain("s3cret"));
    }
  }

  @Test
  void aRestartedServiceDoesNotPublishAgain() {
    UUID before = UUID.randomUUID();
    try (var app = start("publisher_restart", infra.kafkaBootstrapServers())) {
      commands(app).sendAndWait(new Member.Join(before, before + "@example.com", false));
      awaitRecords(infra.kafkaBootstrapServers(), before, 1);
      // Stop only once the token has moved past it, as after any orderly batch.
      long index = globalIndexOf(app, before);
      await().atMost(PUBLISHED_WITHIN).until(() -> publisherPosition(app) >= index);
    }
    UUID marker = UUID.randomUUID();
    try (var app = start("publisher_restart", infra.kafkaBootstrapServers())) {
      commands(app).sendAndWait(new Member.Join(marker, marker + "@example.com", false));
      // One segment, so the marker is published after anything the restart would replay.
      var records =
          TopicReader.readUntil(
              infra.kafkaBootstrapServers(),
              TOPIC,
              read -> read.stream().anyMatch(r -> r.key().equals(marker.toString())),
              PUBLISHED_WITHIN);
      assertThat(records).filteredOn(r -> r.key().equals(before.toString())).hasSize(1);
    }
  }

  @Test
  void aBrokerOutageDelaysPublishingButLosesNothing(@TempDir Path kafkaDir) throws Exception {
    Path logDir = Files.createDirectories(kafkaDir.resolve("kafka"));
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, 0, "127.0.0.1", logDir);
    int port = broker.port();
    int controllerPort = broker.controllerPort();
    String bootstrap = broker.bootstrapServers();
    try (var app = start("publisher_outage", bootstrap)) {
      UUID first = UUID.randomUUID();
      commands(app).sendAndWait(new Member.Join(first, first + "@example.com", false));
      awaitRecords(bootstrap, first, 1);

      broker.close();
      List<UUID> duringOutage = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
      // Commands still succeed: their events wait in the event store.
      duringOutage.forEach(
          id -> commands(app).sendAndWait(new Member.Join(id, id + "@example.com", false)));
      long lastIndex = globalIndexOf(app, duringOutage.getLast());
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(() -> publisherPosition(app) < lastIndex);

      broker = EmbeddedKafkaBroker.start(port, controllerPort, "127.0.0.1", logDir);
      // At-least-once: a batch whose acknowledgement was lost in the outage may be sent again,
      // so an event can appear twice, but always as the same event (same ce_id, same sequence).
      for (UUID id : duringOutage) {
        assertThat(awaitRecords(bootstrap, id, 1))
            .extracting(r -> header(r, "ce_type") + "#" + header(r, "ce_id"))
            .containsOnly("crescendo.identity.UserRegistered.v1#" + eventIdOf(app, id));
      }
    } finally {
      broker.close();
    }
  }

  private ConfigurableApplicationContext start(String database, String bootstrapServers) {
    return new SpringApplicationBuilder(PublisherTestApplication.class)
        .web(WebApplicationType.NONE)
        .properties(
            "spring.datasource.url=" + infra.jdbcUrl(database),
            "spring.datasource.username=" + infra.postgresUser(),
            "spring.datasource.password=" + infra.postgresPassword(),
            "crescendo.kafka.bootstrap-servers=" + bootstrapServers,
            "crescendo.kafka.ack-timeout=3s",
            "crescendo.kafka.segments=1")
        .run();
  }

  private static CommandGateway commands(ConfigurableApplicationContext app) {
    return app.getBean(CommandGateway.class);
  }

  /** Reads the topic until {@code count} records of the aggregate are there. */
  private static List<ConsumerRecord<String, byte[]>> awaitRecords(
      String bootstrapServers, UUID aggregate, int count) {
    List<ConsumerRecord<String, byte[]>> all =
        TopicReader.readUntil(
            bootstrapServers,
            TOPIC,
            records ->
                records.stream().filter(r -> r.key().equals(aggregate.toString())).count() >= count,
            PUBLISHED_WITHIN);
    return all.stream().filter(r -> r.key().equals(aggregate.toString())).toList();
  }

  private static long globalIndexOf(ConfigurableApplicationContext app, UUID aggregate) {
    return app.getBean(JdbcClient.class)
        .sql("select max(global_index) from domain_event_entry where aggregate_identifier = ?")
        .param(aggregate.toString())
        .query(Long.class)
        .single();
  }

  private static String eventIdOf(ConfigurableApplicationContext app, UUID aggregate) {
    return app.getBean(JdbcClient.class)
        .sql(
            "select event_identifier from domain_event_entry"
                + " where aggregate_identifier = ? and sequence_number = 0")
        .param(aggregate.toString())
        .query(String.class)
        .single();
  }

  private static long publisherPosition(ConfigurableApplicationContext app) {
    var processor =
        app.getBean(EventProcessingConfiguration.class)
            .eventProcessor(KafkaEventPublisher.PROCESSING_GROUP, TrackingEventProcessor.class)
            .orElseThrow();
    return processor.processingStatus().values().stream()
        .map(EventTrackerStatus::getCurrentPosition)
        .mapToLong(position -> position.orElse(-1L))
        .max()
        .orElse(-1L);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), UTF_8);
  }
}

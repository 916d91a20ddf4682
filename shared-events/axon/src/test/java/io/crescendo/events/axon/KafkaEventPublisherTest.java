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
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
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
      var records = readOnceMarkerIsPublished(infra.kafkaBootstrapServers(), marker);
      assertThat(records).filteredOn(r -> r.key().equals(before.toString())).hasSize(1);
    }
  }

  @Test
  void eventsAckedBeforeALostTokenCommitAreNotPublishedAgain() throws Exception {
    String database = "publisher_crash";
    List<UUID> members = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    try (var app = start(database, infra.kafkaBootstrapServers())) {
      members.forEach(
          id -> commands(app).sendAndWait(new Member.Join(id, id + "@example.com", false)));
      commands(app).sendAndWait(new Member.Rename(members.getFirst(), "renamed"));
      awaitRecords(infra.kafkaBootstrapServers(), members.getFirst(), 2);
      long index = globalIndexOf(app, members.getFirst());
      await().atMost(PUBLISHED_WITHIN).until(() -> publisherPosition(app) >= index);
    }
    // The state a process dies in after Kafka acknowledged a batch but before its token commit,
    // only wider: the restarted processor starts again from the first event. A null token, not
    // deleted rows: without rows Axon starts with a replay token, which the Jackson 3 serializer
    // cannot read back, and whose events a handler that refuses resets would not see anyway.
    try (var connection =
            DriverManager.getConnection(
                infra.jdbcUrl(database), infra.postgresUser(), infra.postgresPassword());
        var rewind =
            connection.prepareStatement(
                "update token_entry set token = null, token_type = null"
                    + " where processor_name = ?")) {
      rewind.setString(1, KafkaEventPublisher.PROCESSING_GROUP);
      assertThat(rewind.executeUpdate()).isPositive();
    }
    UUID marker = UUID.randomUUID();
    try (var app = start(database, infra.kafkaBootstrapServers())) {
      commands(app).sendAndWait(new Member.Join(marker, marker + "@example.com", false));
      // One segment, so the marker is published after every event the restart went through.
      var records = readOnceMarkerIsPublished(infra.kafkaBootstrapServers(), marker);
      List<UUID> aggregates = new ArrayList<>(members);
      aggregates.add(marker);
      var ours =
          records.stream()
              .filter(r -> aggregates.stream().anyMatch(id -> r.key().equals(id.toString())))
              .toList();
      List<String> stored = publicEventIds(app, aggregates);
      assertThat(stored).hasSize(5);
      assertThat(ours)
          .extracting(r -> header(r, "ce_id"))
          .containsExactlyInAnyOrderElementsOf(stored);
      assertThat(ours)
          .extracting(r -> header(r, "ce_subject") + "#" + header(r, "ce_sequence"))
          .doesNotHaveDuplicates()
          .hasSize(stored.size());
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

      // Commands keep coming from three writers while the broker goes down, so that the outage
      // catches batches in flight: some of their records acknowledged, others not, then retried.
      List<UUID> sent = new CopyOnWriteArrayList<>(List.of(first));
      AtomicBoolean writing = new AtomicBoolean(true);
      List<Thread> writers =
          IntStream.range(0, 3)
              .mapToObj(
                  n ->
                      Thread.ofVirtual()
                          .start(
                              () -> {
                                while (writing.get()) {
                                  UUID id = UUID.randomUUID();
                                  commands(app)
                                      .sendAndWait(new Member.Join(id, id + "@example.com", false));
                                  sent.add(id);
                                }
                              }))
              .toList();
      await().atMost(PUBLISHED_WITHIN).until(() -> sent.size() > 30);
      broker.close();
      // Commands still succeed: their events wait in the event store.
      int beforeOutageEnds = sent.size();
      await().atMost(PUBLISHED_WITHIN).until(() -> sent.size() > beforeOutageEnds + 30);
      writing.set(false);
      for (Thread writer : writers) {
        writer.join();
      }
      UUID marker = UUID.randomUUID();
      commands(app).sendAndWait(new Member.Join(marker, marker + "@example.com", false));
      sent.add(marker);
      long lastIndex = globalIndexOf(app, marker);
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(() -> publisherPosition(app) < lastIndex);

      broker = EmbeddedKafkaBroker.start(port, controllerPort, "127.0.0.1", logDir);
      // Until every event is there: not "until the marker", since with concurrent writers an event
      // whose transaction committed late (a gap in the global index) may follow the marker.
      List<String> expected = publicEventIds(app, sent);
      var records =
          TopicReader.readUntil(
              bootstrap,
              TOPIC,
              read ->
                  read.stream()
                      .map(r -> header(r, "ce_id"))
                      .collect(Collectors.toSet())
                      .containsAll(expected),
              PUBLISHED_WITHIN);
      // Each event exactly once, though some were acknowledged and their batch retried.
      assertThat(records)
          .extracting(r -> header(r, "ce_id"))
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(records)
          .extracting(r -> header(r, "ce_subject") + "#" + header(r, "ce_sequence"))
          .doesNotHaveDuplicates();
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

  /**
   * The whole topic once the marker is on it: every partition read to its end, since the marker's
   * partition may be fetched before the others.
   */
  private static List<ConsumerRecord<String, byte[]>> readOnceMarkerIsPublished(
      String bootstrapServers, UUID marker) {
    TopicReader.readUntil(
        bootstrapServers,
        TOPIC,
        read -> read.stream().anyMatch(r -> r.key().equals(marker.toString())),
        PUBLISHED_WITHIN);
    try (var consumer = TopicReader.consumer(bootstrapServers)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(TOPIC, PUBLISHED_WITHIN).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      return TopicReader.readToEnd(consumer, partitions, PUBLISHED_WITHIN);
    }
  }

  private static long globalIndexOf(ConfigurableApplicationContext app, UUID aggregate) {
    return app.getBean(JdbcClient.class)
        .sql("select max(global_index) from domain_event_entry where aggregate_identifier = ?")
        .param(aggregate.toString())
        .query(Long.class)
        .single();
  }

  /** The identifiers of the aggregates' public events, as stored. */
  private static List<String> publicEventIds(
      ConfigurableApplicationContext app, List<UUID> aggregates) {
    return app.getBean(JdbcClient.class)
        .sql(
            "select event_identifier from domain_event_entry"
                + " where aggregate_identifier in (:ids) and payload_type <> :internal")
        .param("ids", aggregates.stream().map(UUID::toString).toList())
        .param("internal", Member.SecretKept.class.getName())
        .query(String.class)
        .list();
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

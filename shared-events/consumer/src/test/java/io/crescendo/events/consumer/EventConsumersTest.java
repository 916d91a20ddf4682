package io.crescendo.events.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.crescendo.events.PublicEvent;
import io.crescendo.events.Topics;
import io.crescendo.events.consumer.testapp.AppliedEvents;
import io.crescendo.events.consumer.testapp.AppliedEvents.Applied;
import io.crescendo.events.consumer.testapp.ConsumerTestApplication;
import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.events.kafka.CloudEventHeaders;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import io.crescendo.events.kafka.MalformedEventRecordException;
import io.crescendo.local.infra.EmbeddedKafkaBroker;
import io.crescendo.local.infra.FreePorts;
import io.crescendo.local.test.CrescendoInfrastructure;
import io.crescendo.local.test.TestInfrastructure;
import io.crescendo.local.test.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Subscriptions against the real PostgreSQL and Kafka. Each test has its own topic, subscription
 * (consumer group) and dead-letter topic, so tests share the broker and database but no state.
 */
@CrescendoInfrastructure(database = "consumer_test")
class EventConsumersTest {

  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static final AtomicInteger TOPICS = new AtomicInteger();

  private final EventRecordCodec codec = new EventRecordCodec();
  private final String bootstrap = TestInfrastructure.shared().kafkaBootstrapServers();
  private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
  private final List<EventEnvelope> sent = new ArrayList<>();

  private String subscription;
  private String topic;
  private KafkaProducer<String, byte[]> producer;

  @BeforeEach
  void topicOfItsOwn(TestInfo test) throws Exception {
    String testName = test.getTestMethod().orElseThrow().getName().toLowerCase();
    int n = TOPICS.incrementAndGet();
    subscription = "consumer-test." + testName + "." + UUID.randomUUID();
    topic = "crescendo.consumertest.t" + n + "x" + System.nanoTime() + ".v1";
    try (Admin admin = admin(bootstrap)) {
      admin
          .createTopics(List.of(new NewTopic(topic, 3, (short) 1).configs(Topics.CONFIGS)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    producer = producer(bootstrap);
  }

  @AfterEach
  void stopEverything() {
    for (var app : apps) {
      if (app.isActive()) {
        app.getBean(AppliedEvents.class).release(); // a blocked handler would delay the stop
        app.close();
      }
    }
    producer.close();
  }

  @Test
  void appliesInOrderPerAggregateAndCommitsOnlyAfterTheDatabaseWrite() throws Exception {
    var app = start(bootstrap);
    String alice = UUID.randomUUID().toString();
    String bob = UUID.randomUUID().toString();
    EventEnvelope failsOnce = renamed(alice, 1, "fail-once-alice");
    send(registered(alice, 0, "alice"));
    send(registered(bob, 0, "bob"));
    send(failsOnce);
    send(renamed(bob, 3, "bobby"));
    send(renamed(alice, 2, "alice2"));
    send(deleted(bob, 4));

    await().atMost(WITHIN).until(() -> applied(app).of(alice).size() == 3);
    await().atMost(WITHIN).until(() -> applied(app).of(bob).size() == 3);

    assertThat(applied(app).of(alice))
        .extracting(Applied::sequence, Applied::username)
        .containsExactly(tuple(0L, "alice"), tuple(1L, "fail-once-alice"), tuple(2L, "alice2"));
    assertThat(applied(app).of(bob)).extracting(Applied::sequence).containsExactly(0L, 3L, 4L);
    // The first attempt wrote its row and failed: the row was rolled back, the retry applied it.
    assertThat(applied(app).attempts(failsOnce.id())).isEqualTo(2);
    assertThat(progress(app).appliedSequence(alice)).isEqualTo(2);
    assertThat(progress(app).appliedSequence(bob)).isEqualTo(4);
    assertThat(progress(app).appliedSequence("nobody")).isEqualTo(-1);
    await().atMost(WITHIN).until(() -> committedOffsets().equals(endOffsets()));
  }

  @Test
  void appliesDuplicatesAndOlderEventsOnce() {
    var app = start(bootstrap);
    String carol = UUID.randomUUID().toString();
    EventEnvelope first = registered(carol, 0, "carol");
    EventEnvelope second = renamed(carol, 1, "carol1");
    send(first);
    send(second);
    send(second); // redelivered by the at-least-once publisher
    send(first);
    send(renamed(carol, 3, "carol3")); // sequence gaps are normal
    send(renamed(carol, 2, "stale")); // older than what was applied: skipped

    assertThat(progress(app).awaitCaughtUp(WITHIN)).isTrue();

    assertThat(applied(app).of(carol))
        .extracting(Applied::sequence, Applied::username)
        .containsExactly(tuple(0L, "carol"), tuple(1L, "carol1"), tuple(3L, "carol3"));
    assertThat(progress(app).appliedSequence(carol)).isEqualTo(3);
  }

  @Test
  void parksMalformedRecordsOnTheDeadLetterTopicAndGoesOn() {
    var app = start(bootstrap);
    String dave = UUID.randomUUID().toString();
    send(registered(dave, 0, "dave"));
    // Valid headers, garbage value.
    var garbage = codec.encode(renamed(dave, 1, "never"));
    RecordMetadata garbageAt =
        sendRaw(
            new ProducerRecord<>(topic, null, dave, "{not json".getBytes(UTF_8), headers(garbage)));
    // No CloudEvents headers at all.
    RecordMetadata headlessAt =
        sendRaw(new ProducerRecord<>(topic, dave, "{\"userId\":\"x\"}".getBytes(UTF_8)));
    send(renamed(dave, 2, "dave2"));

    await().atMost(WITHIN).until(() -> applied(app).of(dave).size() == 2);
    assertThat(applied(app).of(dave)).extracting(Applied::sequence).containsExactly(0L, 2L);

    var parked = deadLetters(2);
    assertThat(parked).extracting(ConsumerRecord::key).containsOnly(dave);
    ConsumerRecord<String, byte[]> parkedGarbage = parked.get(0);
    assertThat(new String(parkedGarbage.value(), UTF_8)).isEqualTo("{not json");
    assertThat(header(parkedGarbage, CloudEventHeaders.TYPE))
        .isEqualTo("crescendo.identity.UsernameChanged.v1");
    assertThat(header(parkedGarbage, DeadLetterHeaders.REASON))
        .startsWith("malformed record: Invalid JSON");
    assertThat(header(parkedGarbage, DeadLetterHeaders.EXCEPTION))
        .isEqualTo(MalformedEventRecordException.class.getName());
    assertThat(header(parkedGarbage, DeadLetterHeaders.TOPIC)).isEqualTo(topic);
    assertThat(header(parkedGarbage, DeadLetterHeaders.PARTITION))
        .isEqualTo(Integer.toString(garbageAt.partition()));
    assertThat(header(parkedGarbage, DeadLetterHeaders.OFFSET))
        .isEqualTo(Long.toString(garbageAt.offset()));
    assertThat(header(parkedGarbage, DeadLetterHeaders.SUBSCRIPTION)).isEqualTo(subscription);
    ConsumerRecord<String, byte[]> parkedHeadless = parked.get(1);
    assertThat(header(parkedHeadless, DeadLetterHeaders.REASON))
        .startsWith("malformed record: Missing header");
    assertThat(header(parkedHeadless, DeadLetterHeaders.OFFSET))
        .isEqualTo(Long.toString(headlessAt.offset()));
  }

  @Test
  void parksARecordWhoseHandlerKeepsFailingAndGoesOn() {
    var app = start(bootstrap);
    String erin = UUID.randomUUID().toString();
    EventEnvelope poison = renamed(erin, 1, "fail-always-erin");
    send(registered(erin, 0, "erin"));
    send(poison);
    send(renamed(erin, 2, "erin2"));

    await().atMost(WITHIN).until(() -> applied(app).of(erin).size() == 2);
    assertThat(applied(app).of(erin)).extracting(Applied::sequence).containsExactly(0L, 2L);
    // First attempt + one retry per configured back-off (3).
    assertThat(applied(app).attempts(poison.id())).isEqualTo(4);

    ConsumerRecord<String, byte[]> parked = deadLetters(1).getFirst();
    assertThat(header(parked, CloudEventHeaders.ID)).isEqualTo(poison.id());
    assertThat(header(parked, DeadLetterHeaders.REASON))
        .startsWith("handler failed 4 times")
        .contains("always failing");
    assertThat(header(parked, DeadLetterHeaders.EXCEPTION))
        .isEqualTo(IllegalStateException.class.getName());
  }

  @Test
  void skipsEventsOfUnknownType() throws Exception {
    var app = start(bootstrap);
    String frank = UUID.randomUUID().toString();
    send(registered(frank, 0, "frank"));
    var newer = headers(codec.encode(renamed(frank, 1, "x")));
    newer.remove(CloudEventHeaders.TYPE);
    newer.add(CloudEventHeaders.TYPE, "crescendo.identity.UserPromoted.v1".getBytes(UTF_8));
    sendRaw(new ProducerRecord<>(topic, null, frank, "{}".getBytes(UTF_8), newer));
    send(renamed(frank, 2, "frank2"));

    assertThat(progress(app).awaitCaughtUp(WITHIN)).isTrue();
    assertThat(applied(app).of(frank)).extracting(Applied::sequence).containsExactly(0L, 2L);
    assertThat(endOffset(new TopicPartition(subscription + ".dlt", 0))).isZero();
  }

  @Test
  void aRestartContinuesAfterTheLastCommittedOffset() throws Exception {
    String grace = UUID.randomUUID().toString();
    EventEnvelope before = registered(grace, 0, "grace");
    try (var app = start(bootstrap)) {
      Thread thread = consumerThread().orElseThrow();
      assertThat(thread.isVirtual()).isFalse();
      send(before);
      send(renamed(grace, 1, "grace1"));
      assertThat(progress(app).awaitCaughtUp(WITHIN)).isTrue();
      app.close();
      assertThat(thread.isAlive()).isFalse();
    }
    // Everything applied was committed before the consumer closed.
    assertThat(committedOffsets()).isEqualTo(endOffsets());

    var restarted = start(bootstrap);
    EventEnvelope after = renamed(grace, 2, "grace2");
    send(after);
    await().atMost(WITHIN).until(() -> applied(restarted).of(grace).size() == 3);
    assertThat(progress(restarted).awaitCaughtUp(WITHIN)).isTrue();
    assertThat(applied(restarted).handledEventIds()).containsExactly(after.id());
    assertThat(applied(restarted).of(grace))
        .extracting(Applied::sequence)
        .containsExactly(0L, 1L, 2L);
  }

  @Test
  void awaitCaughtUpWaitsForWhatWasSentBeforeTheCall() throws Exception {
    var app = start(bootstrap);
    String heidi = UUID.randomUUID().toString();
    for (int sequence = 0; sequence < 20; sequence++) {
      send(
          sequence == 0 ? registered(heidi, 0, "heidi") : renamed(heidi, sequence, "h" + sequence));
    }

    assertThat(progress(app).awaitCaughtUp(WITHIN)).isTrue();
    // No await: caught up means applied and visible.
    assertThat(applied(app).of(heidi)).hasSize(20);
    assertThat(progress(app).appliedSequence(heidi)).isEqualTo(19);

    RecordMetadata blockedAt = send(renamed(heidi, 20, "block-heidi"));
    await().atMost(WITHIN).until(() -> applied(app).attempts(lastEventId(heidi, 20)) == 1);

    assertThat(progress(app).awaitCaughtUp(Duration.ofMillis(300))).isFalse();
    // The handler holds its transaction open: neither its row nor its offset is committed.
    assertThat(applied(app).of(heidi)).hasSize(20);
    TopicPartition partition = new TopicPartition(topic, blockedAt.partition());
    assertThat(committedOffsets().get(partition)).isLessThanOrEqualTo(blockedAt.offset());

    applied(app).release();
    assertThat(progress(app).awaitCaughtUp(WITHIN)).isTrue();
    assertThat(applied(app).of(heidi)).hasSize(21);
    assertThat(committedOffsets().get(partition)).isEqualTo(blockedAt.offset() + 1);
  }

  @Test
  void survivesABrokerThatIsDownAtStartAndGoesDownLater(@TempDir Path kafkaDir) {
    int port = FreePorts.pick();
    int controllerPort = FreePorts.pick();
    String ownBootstrap = "127.0.0.1:" + port;
    // The service starts while Kafka is unreachable.
    var app = start(ownBootstrap);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> consumerThread().isPresent());

    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(port, controllerPort, "127.0.0.1", kafkaDir);
    try {
      String ivan = UUID.randomUUID().toString();
      try (var ownProducer = producer(ownBootstrap)) {
        // The subscription creates its topics once it reaches the broker.
        await().atMost(WITHIN).ignoreExceptions().until(() -> topicExists(ownBootstrap, topic));
        send(ownProducer, registered(ivan, 0, "ivan"));
        await().atMost(WITHIN).until(() -> applied(app).of(ivan).size() == 1);
      }

      broker.close();
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(10))
          .until(() -> consumerThread().isPresent());
      broker = EmbeddedKafkaBroker.start(port, controllerPort, "127.0.0.1", kafkaDir);

      try (var ownProducer = producer(ownBootstrap)) {
        send(ownProducer, renamed(ivan, 1, "ivan1"));
        await().atMost(WITHIN).until(() -> applied(app).of(ivan).size() == 2);
      }
    } finally {
      app.close();
      broker.close();
    }
  }

  // ---- helpers ----

  private ConfigurableApplicationContext start(String bootstrapServers) {
    // Command-line arguments: they win over the system properties of @CrescendoInfrastructure.
    var app =
        new SpringApplicationBuilder(ConsumerTestApplication.class)
            .web(WebApplicationType.NONE)
            .run(
                "--crescendo.kafka.bootstrap-servers=" + bootstrapServers,
                "--test.subscription=" + subscription,
                "--test.topic=" + topic,
                "--crescendo.consumer.retry-backoffs=50ms,100ms,150ms",
                "--crescendo.consumer.outage-backoff-max=1s",
                "--crescendo.consumer.kafka-timeout=3s",
                "--crescendo.consumer.poll-timeout=500ms");
    apps.add(app);
    return app;
  }

  private SubscriptionProgress progress(ConfigurableApplicationContext app) {
    return app.getBean(EventConsumers.class).progress(subscription);
  }

  private static AppliedEvents applied(ConfigurableApplicationContext app) {
    return app.getBean(AppliedEvents.class);
  }

  private Optional<Thread> consumerThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("crescendo-consumer-" + subscription))
        .findFirst();
  }

  private String lastEventId(String subject, long sequence) {
    return sent.stream()
        .filter(e -> e.subject().equals(subject) && e.sequence() == sequence)
        .reduce((a, b) -> b)
        .orElseThrow()
        .id();
  }

  private RecordMetadata send(EventEnvelope event) {
    return send(producer, event);
  }

  /** Sends the event as the publisher would, but to this test's topic. */
  private RecordMetadata send(KafkaProducer<String, byte[]> to, EventEnvelope event) {
    sent.add(event);
    var record = codec.encode(event);
    return sendRaw(
        to, new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers()));
  }

  private RecordMetadata sendRaw(ProducerRecord<String, byte[]> record) {
    return sendRaw(producer, record);
  }

  private static RecordMetadata sendRaw(
      KafkaProducer<String, byte[]> to, ProducerRecord<String, byte[]> record) {
    try {
      return to.send(record).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot send " + record, e);
    }
  }

  private List<ConsumerRecord<String, byte[]>> deadLetters(int count) {
    return TopicReader.readUntil(bootstrap, subscription + ".dlt", r -> r.size() >= count, WITHIN);
  }

  private Map<TopicPartition, Long> endOffsets() throws Exception {
    try (Admin admin = admin(bootstrap)) {
      var partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      partitions.forEach(
          p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin
          .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get()
          .forEach((p, info) -> ends.put(p, info.offset()));
      // Partitions that never got a record have nothing to commit.
      ends.values().removeIf(offset -> offset == 0);
      return ends;
    }
  }

  private long endOffset(TopicPartition partition) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      return admin
          .listOffsets(Map.of(partition, OffsetSpec.latest()))
          .all()
          .get()
          .get(partition)
          .offset();
    }
  }

  private Map<TopicPartition, Long> committedOffsets() throws Exception {
    try (Admin admin = admin(bootstrap)) {
      Map<TopicPartition, Long> committed = new HashMap<>();
      admin
          .listConsumerGroupOffsets(subscription)
          .partitionsToOffsetAndMetadata()
          .get()
          .forEach(
              (p, offset) -> {
                if (offset != null) {
                  committed.put(p, offset.offset());
                }
              });
      return committed;
    }
  }

  private static boolean topicExists(String bootstrapServers, String name)
      throws ExecutionException, InterruptedException {
    try (Admin admin = admin(bootstrapServers)) {
      return admin.listTopics().names().get().contains(name);
    }
  }

  private static Admin admin(String bootstrapServers) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class));
  }

  /** A mutable copy of the record's headers. */
  private static RecordHeaders headers(ProducerRecord<String, byte[]> record) {
    return new RecordHeaders(record.headers().toArray());
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), UTF_8);
  }

  private static EventEnvelope registered(String user, long sequence, String username) {
    UUID id = UUID.fromString(user);
    return envelope(
        user, sequence, new UserRegistered(id, username + "@example.com", username, Instant.now()));
  }

  private static EventEnvelope renamed(String user, long sequence, String username) {
    return envelope(
        user, sequence, new UsernameChanged(UUID.fromString(user), username, Instant.now()));
  }

  private static EventEnvelope deleted(String user, long sequence) {
    return envelope(user, sequence, new UserDeleted(UUID.fromString(user), Instant.now()));
  }

  private static EventEnvelope envelope(String user, long sequence, PublicEvent data) {
    return EventEnvelope.of(
        UUID.randomUUID().toString(),
        "/crescendo/consumer-test",
        Instant.now(),
        user,
        sequence,
        data);
  }
}

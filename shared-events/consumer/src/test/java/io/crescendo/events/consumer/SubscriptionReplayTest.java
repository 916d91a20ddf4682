package io.crescendo.events.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crescendo.events.PublicEvent;
import io.crescendo.events.Topics;
import io.crescendo.events.consumer.testapp.AppliedEvents;
import io.crescendo.events.consumer.testapp.ConsumerTestApplication;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.events.kafka.CloudEventHeaders;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import io.crescendo.local.test.CrescendoInfrastructure;
import io.crescendo.local.test.TestInfrastructure;
import io.crescendo.local.test.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link SubscriptionReplay} against the real PostgreSQL and Kafka, replaying into a schema of its
 * own (through the search path) next to what live consumption built in {@code public}. Each test
 * has its own topic and subscription.
 */
@CrescendoInfrastructure(database = "consumer_test")
class SubscriptionReplayTest {

  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  private final EventRecordCodec codec = new EventRecordCodec();
  private final String bootstrap = TestInfrastructure.shared().kafkaBootstrapServers();
  private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

  private String subscription;
  private String topic;
  private KafkaProducer<String, byte[]> producer;

  @BeforeEach
  void topicOfItsOwn(TestInfo test) throws Exception {
    String testName = test.getTestMethod().orElseThrow().getName().toLowerCase();
    subscription = "replay-test." + testName + "." + UUID.randomUUID();
    topic = "crescendo.replaytest.t" + SCHEMAS.incrementAndGet() + "x" + System.nanoTime() + ".v1";
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(List.of(new NewTopic(topic, 3, (short) 1).configs(Topics.CONFIGS)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
  }

  @AfterEach
  void stopEverything() {
    apps.forEach(ConfigurableApplicationContext::close);
    producer.close();
  }

  @Test
  void replaysWhatLiveConsumptionAppliedAndSkipsWhatItSkipped() {
    var live = start(true);
    String alice = UUID.randomUUID().toString();
    String bob = UUID.randomUUID().toString();
    EventEnvelope registered = registered(alice, 0, "alice");
    EventEnvelope renamed = renamed(alice, 1, "alice1");
    send(registered);
    send(renamed);
    send(renamed); // the publisher's duplicate
    send(registered); // an older one after a newer one
    send(renamed(alice, 3, "alice3"));
    var garbage = codec.encode(renamed(alice, 4, "never"));
    sendRaw(alice, "{not json".getBytes(UTF_8), new RecordHeaders(garbage.headers().toArray()));
    var unknown = new RecordHeaders(codec.encode(renamed(alice, 5, "x")).headers().toArray());
    unknown.remove(CloudEventHeaders.TYPE);
    unknown.add(CloudEventHeaders.TYPE, "crescendo.identity.UserPromoted.v1".getBytes(UTF_8));
    sendRaw(alice, "{}".getBytes(UTF_8), unknown);
    send(registered(bob, 0, "fail-always-bob")); // parked by live consumption
    send(renamed(bob, 1, "bob1"));
    assertThat(live.getBean(EventConsumers.class).progress(subscription).awaitCaughtUp(WITHIN))
        .isTrue();
    TopicReader.readUntil(bootstrap, subscription + ".dlt", r -> r.size() == 2, WITHIN);
    live.close();

    // a process that only replays: the subscription bean, no consumer
    var replaying = start(false);
    assertThat(replaying.getBeansOfType(EventConsumers.class)).isEmpty();
    String schema = schemaWithCopies(replaying);
    SubscriptionReplay replay = replay(replaying, schema).batchSize(2).build();

    ReplayResult result = replay.replay(replay.endOffsets());

    assertThat(result.records()).isEqualTo(9);
    assertThat(result.subscriptions().get(subscription))
        .isEqualTo(new ReplayCounts(4, 2, 1, 1, 1, 0));
    JdbcClient jdbc = replaying.getBean(JdbcClient.class);
    assertThat(applied(jdbc, schema, alice, bob)).isEqualTo(applied(jdbc, "public", alice, bob));
    assertThat(claims(jdbc, schema)).isEqualTo(claims(jdbc, "public")).hasSize(2);

    // again: everything is a duplicate now, nothing changes
    ReplayResult again = replay.replay(replay.endOffsets());
    assertThat(again.subscriptions().get(subscription))
        .isEqualTo(new ReplayCounts(0, 6, 1, 1, 1, 0));
    assertThat(applied(jdbc, schema, alice, bob)).isEqualTo(applied(jdbc, "public", alice, bob));

    // told to apply parked records too, the handler fails: the replay stops and says where
    String other = schemaWithCopies(replaying);
    SubscriptionReplay withParked = replay(replaying, other).skipParked(false).build();
    assertThatThrownBy(() -> withParked.replay(withParked.endOffsets()))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining("Subscription " + subscription + " failed to apply " + topic + "-")
        .hasMessageContaining("crescendo.identity.UserRegistered.v1 of " + bob + ", sequence 0")
        .hasMessageContaining("always failing");
  }

  @Test
  void mergesPartitionsByRecordTimeAndKeepsEachPartitionsOrder() {
    var replaying = start(false);
    String schema = schemaWithCopies(replaying);
    long t = System.currentTimeMillis() - 60_000;
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      users.add(UUID.randomUUID().toString());
    }
    // partition 2 first in time, then 0, then 1; partition order differs from time order
    sendAt(2, t + 10, registered(users.get(0), 0, "a"));
    sendAt(0, t + 20, registered(users.get(1), 0, "b"));
    sendAt(1, t + 30, registered(users.get(2), 0, "c"));
    sendAt(0, t + 40, registered(users.get(3), 0, "d"));
    sendAt(2, t + 35, registered(users.get(4), 0, "e")); // later offset, earlier time than d
    sendAt(1, t + 50, registered(users.get(5), 0, "f"));

    SubscriptionReplay replay = replay(replaying, schema).batchSize(1).build();
    replay.replay(replay.endOffsets());

    assertThat(
            replaying
                .getBean(JdbcClient.class)
                .sql("select username from " + schema + ".applied_event order by id")
                .query(String.class)
                .list())
        .containsExactly("a", "b", "c", "e", "d", "f");
  }

  @Test
  void aGateHoldsEachPartitionAtTheFirstEventLiveConsumptionHasNotApplied() {
    var replaying = start(false);
    String schema = schemaWithCopies(replaying);
    String carol = UUID.randomUUID().toString();
    String dave = UUID.randomUUID().toString();
    sendAt(0, System.currentTimeMillis(), registered(carol, 0, "carol"));
    sendAt(0, System.currentTimeMillis(), renamed(carol, 1, "carol1"));
    sendAt(0, System.currentTimeMillis(), registered(dave, 0, "dave")); // not applied live yet
    sendAt(0, System.currentTimeMillis(), renamed(carol, 2, "carol2")); // so neither is this
    sendAt(1, System.currentTimeMillis(), registered(UUID.randomUUID().toString(), 0, "erin"));
    SubscriptionReplay replay = replay(replaying, schema).build();
    ReplayGate live = (name, event) -> !event.subject().equals(dave);

    ReplayResult result = replay.replay(Map.of(), replay.endOffsets(), live);

    assertThat(result.subscriptions().get(subscription).applied()).isEqualTo(3);
    assertThat(result.subscriptions().get(subscription).notYetLive()).isEqualTo(2);
    assertThat(result.reached()).containsEntry(new TopicPartition(topic, 0), 2L);
    assertThat(result.reached()).containsEntry(new TopicPartition(topic, 1), 1L);
    assertThat(
            replaying
                .getBean(JdbcClient.class)
                .sql("select username from " + schema + ".applied_event order by id")
                .query(String.class)
                .list())
        .containsExactlyInAnyOrder("carol", "carol1", "erin");

    // the gate over consumed_event: public has what live consumption claimed (nothing here)
    ReplayResult nothing =
        replay(replaying, schemaWithCopies(replaying))
            .build()
            .replay(Map.of(), replay.endOffsets(), replay.appliedIn("public"));
    assertThat(nothing.subscriptions().get(subscription).applied()).isZero();
    assertThat(nothing.subscriptions().get(subscription).notYetLive()).isEqualTo(5);
  }

  @Test
  void parallelWorkersApplyEveryEventOnceInOrderPerAggregate() {
    var replaying = start(false);
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String user = UUID.randomUUID().toString();
      users.add(user);
      send(registered(user, 0, "u" + i));
      for (int sequence = 1; sequence <= 5; sequence++) {
        send(renamed(user, sequence, "u" + i + "-" + sequence));
      }
    }
    String single = schemaWithCopies(replaying);
    String parallel = schemaWithCopies(replaying);
    SubscriptionReplay one = replay(replaying, single).batchSize(7).build();
    SubscriptionReplay three = replay(replaying, parallel).batchSize(7).parallelism(3).build();

    ReplayResult a = one.replay(one.endOffsets());
    ReplayResult b = three.replay(three.endOffsets());

    assertThat(b.records()).isEqualTo(a.records()).isEqualTo(180);
    assertThat(b.subscriptions()).isEqualTo(a.subscriptions());
    JdbcClient jdbc = replaying.getBean(JdbcClient.class);
    String[] subjects = users.toArray(String[]::new);
    assertThat(applied(jdbc, parallel, subjects)).isEqualTo(applied(jdbc, single, subjects));
    assertThat(claims(jdbc, parallel)).isEqualTo(claims(jdbc, single)).hasSize(30);
  }

  @Test
  void handsAHandlerThatTakesThemWholeTheNewEventsOfATransactionAtOnce() {
    var replaying = start(false);
    String schema = schemaWithCopies(replaying);
    AppliedEvents appliedEvents = replaying.getBean(AppliedEvents.class);
    List<Integer> calls = new CopyOnWriteArrayList<>();
    EventHandler batching =
        new EventHandler() {
          @Override
          public void handle(EventEnvelope event) {
            calls.add(1);
            appliedEvents.apply(event);
          }

          @Override
          public void handleAll(List<EventEnvelope> events) {
            calls.add(events.size());
            events.forEach(appliedEvents::apply);
          }
        };
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String user = UUID.randomUUID().toString();
      users.add(user);
      EventEnvelope registered = registered(user, 0, "w" + i);
      send(registered);
      send(renamed(user, 1, "w" + i + "-1"));
      send(registered); // an older one after a newer one
    }
    EventSubscription template = replaying.getBean(EventSubscription.class);
    SubscriptionReplay replay =
        replayOf(
                replaying, schema, new EventSubscription(subscription, template.topics(), batching))
            .batchSize(100)
            .build();

    ReplayResult result = replay.replay(replay.endOffsets());

    assertThat(result.subscriptions().get(subscription))
        .isEqualTo(new ReplayCounts(8, 4, 0, 0, 0, 0));
    assertThat(calls).containsExactly(8);
    JdbcClient jdbc = replaying.getBean(JdbcClient.class);
    String[] subjects = users.toArray(String[]::new);
    assertThat(applied(jdbc, schema, subjects)).hasSize(8);
    for (String user : users) {
      assertThat(applied(jdbc, schema, user))
          .extracting(row -> row.split(" ")[2])
          .containsExactly("0", "1");
    }
  }

  @Test
  void aBatchThatFailsIsAppliedRecordByRecord() {
    var replaying = start(false);
    String schema = schemaWithCopies(replaying);
    AppliedEvents appliedEvents = replaying.getBean(AppliedEvents.class);
    List<Integer> calls = new CopyOnWriteArrayList<>();
    EventHandler failingWhole =
        new EventHandler() {
          @Override
          public void handle(EventEnvelope event) {
            calls.add(1);
            appliedEvents.apply(event);
          }

          @Override
          public void handleAll(List<EventEnvelope> events) {
            calls.add(events.size());
            events.forEach(appliedEvents::apply);
            throw new IllegalStateException("a batch bug");
          }
        };
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String user = UUID.randomUUID().toString();
      users.add(user);
      send(registered(user, 0, "f" + i));
    }
    EventSubscription template = replaying.getBean(EventSubscription.class);
    SubscriptionReplay replay =
        replayOf(
                replaying,
                schema,
                new EventSubscription(subscription, template.topics(), failingWhole))
            .build();

    ReplayResult result = replay.replay(replay.endOffsets());

    assertThat(result.subscriptions().get(subscription).applied()).isEqualTo(3);
    assertThat(calls).containsExactly(3, 1, 1, 1);
    JdbcClient jdbc = replaying.getBean(JdbcClient.class);
    assertThat(applied(jdbc, schema, users.toArray(String[]::new))).hasSize(3);
    assertThat(claims(jdbc, schema)).hasSize(3);

    // inside the caller's transaction: the batch rolls back to its savepoint, the failing record
    // is named, and the caller's transaction is still usable
    String joined = schemaWithCopies(replaying);
    SubscriptionReplay failing =
        replayOf(
                replaying,
                joined,
                new EventSubscription(
                    subscription,
                    template.topics(),
                    event -> {
                      throw new IllegalStateException("always failing in " + event.subject());
                    }))
            .build();
    var transactions =
        new org.springframework.transaction.support.TransactionTemplate(
            new org.springframework.jdbc.support.JdbcTransactionManager(
                replaying.getBean(DataSource.class)));
    String message =
        transactions.execute(
            status -> {
              try {
                failing.replay(failing.endOffsets());
                return "no failure";
              } catch (ReplayException e) {
                assertThat(jdbc.sql("select 1").query(Integer.class).single()).isOne();
                return e.getMessage();
              }
            });
    assertThat(message)
        .contains("Subscription " + subscription + " failed to apply " + topic + "-")
        .contains("always failing in ");
  }

  @Test
  void aGatedBatchThatFailsStopsAtTheGateAsIfItHadNot() {
    var replaying = start(false);
    String schema = schemaWithCopies(replaying);
    AppliedEvents appliedEvents = replaying.getBean(AppliedEvents.class);
    EventHandler failingWhole =
        new EventHandler() {
          @Override
          public void handle(EventEnvelope event) {
            appliedEvents.apply(event);
          }

          @Override
          public void handleAll(List<EventEnvelope> events) {
            throw new IllegalStateException("a batch bug");
          }
        };
    String carol = UUID.randomUUID().toString();
    String dave = UUID.randomUUID().toString();
    sendAt(0, System.currentTimeMillis(), registered(carol, 0, "carol"));
    sendAt(0, System.currentTimeMillis(), renamed(carol, 1, "carol1"));
    sendAt(0, System.currentTimeMillis(), registered(dave, 0, "dave")); // not applied live yet
    sendAt(0, System.currentTimeMillis(), renamed(carol, 2, "carol2")); // so neither is this
    sendAt(1, System.currentTimeMillis(), registered(UUID.randomUUID().toString(), 0, "erin"));
    EventSubscription template = replaying.getBean(EventSubscription.class);
    SubscriptionReplay replay =
        replayOf(
                replaying,
                schema,
                new EventSubscription(subscription, template.topics(), failingWhole))
            .build();
    ReplayGate live = (name, event) -> !event.subject().equals(dave);

    ReplayResult result = replay.replay(Map.of(), replay.endOffsets(), live);

    assertThat(result.subscriptions().get(subscription))
        .isEqualTo(new ReplayCounts(3, 0, 0, 0, 0, 2));
    assertThat(result.reached()).containsEntry(new TopicPartition(topic, 0), 2L);
    assertThat(
            replaying
                .getBean(JdbcClient.class)
                .sql("select username from " + schema + ".applied_event order by id")
                .query(String.class)
                .list())
        .containsExactlyInAnyOrder("carol", "carol1", "erin");
  }

  // ---- helpers ----

  private SubscriptionReplay.Builder replayOf(
      ConfigurableApplicationContext app, String schema, EventSubscription subscription) {
    JdbcClient jdbc = app.getBean(JdbcClient.class);
    return SubscriptionReplay.builder(List.of(subscription))
        .bootstrapServers(bootstrap)
        .dataSource(app.getBean(DataSource.class))
        .beforeEachTransaction(
            () -> jdbc.sql("set local search_path to " + schema + ", public").update());
  }

  private ConfigurableApplicationContext start(boolean consumers) {
    var app =
        new SpringApplicationBuilder(ConsumerTestApplication.class)
            .web(WebApplicationType.NONE)
            .run(
                "--crescendo.consumer.enabled=" + consumers,
                "--test.subscription=" + subscription,
                "--test.topic=" + topic,
                "--crescendo.consumer.retry-backoffs=50ms,100ms,150ms",
                "--crescendo.consumer.poll-timeout=500ms");
    apps.add(app);
    return app;
  }

  private SubscriptionReplay.Builder replay(ConfigurableApplicationContext app, String schema) {
    JdbcClient jdbc = app.getBean(JdbcClient.class);
    return SubscriptionReplay.builder(List.of(app.getBean(EventSubscription.class)))
        .bootstrapServers(bootstrap)
        .dataSource(app.getBean(DataSource.class))
        .beforeEachTransaction(
            () -> jdbc.sql("set local search_path to " + schema + ", public").update());
  }

  /** A fresh schema with empty copies of the read model and of consumed_event. */
  private static String schemaWithCopies(ConfigurableApplicationContext app) {
    String schema = "replay_" + SCHEMAS.incrementAndGet() + "_" + System.nanoTime();
    JdbcClient jdbc = app.getBean(JdbcClient.class);
    jdbc.sql("create schema " + schema).update();
    for (String table : List.of("applied_event", "consumed_event")) {
      jdbc.sql("create table %s.%s (like public.%s including all)".formatted(schema, table, table))
          .update();
    }
    return schema;
  }

  /** The applications of these aggregates, per aggregate in the order they were applied. */
  private static List<String> applied(JdbcClient jdbc, String schema, String... subjects) {
    return jdbc.sql(
            ("select event_id || ' ' || subject || ' ' || sequence || ' ' || coalesce(username, '')"
                    + " from %s.applied_event where subject = any (?) order by subject, id")
                .formatted(schema))
        .param(subjects)
        .query(String.class)
        .list();
  }

  private List<String> claims(JdbcClient jdbc, String schema) {
    return jdbc.sql(
            ("select subject || ' ' || last_sequence || ' ' || last_event_id"
                    + " from %s.consumed_event where subscription = ? order by subject")
                .formatted(schema))
        .param(subscription)
        .query(String.class)
        .list();
  }

  private void send(EventEnvelope event) {
    var record = codec.encode(event);
    sendRaw(record.key(), record.value(), new RecordHeaders(record.headers().toArray()));
  }

  private void sendAt(int partition, long timestamp, EventEnvelope event) {
    var record = codec.encode(event);
    get(
        new ProducerRecord<>(
            topic, partition, timestamp, record.key(), record.value(), record.headers()));
  }

  private void sendRaw(String key, byte[] value, RecordHeaders headers) {
    get(new ProducerRecord<>(topic, null, key, value, headers));
  }

  private void get(ProducerRecord<String, byte[]> record) {
    try {
      producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot send " + record, e);
    }
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

  private static EventEnvelope envelope(String user, long sequence, PublicEvent data) {
    return EventEnvelope.of(
        UUID.randomUUID().toString(),
        "/crescendo/replay-test",
        Instant.now(),
        user,
        sequence,
        data);
  }
}

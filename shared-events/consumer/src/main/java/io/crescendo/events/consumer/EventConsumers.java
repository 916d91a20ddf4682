package io.crescendo.events.consumer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs every {@link EventSubscription} of a service, each with its own {@code KafkaConsumer} on its
 * own thread, and answers where each one stands ({@link #progress(String)}).
 *
 * <p>A {@link SmartLifecycle} in the last phase: consumers start once every bean is ready (after
 * the web server) and stop first on shutdown, while the {@code DataSource} is still open.
 *
 * <p><b>Rebuilding a read model</b> (see {@code docs/consuming.md}): stop every replica, truncate
 * the read model's tables and delete the subscription's rows from {@code consumed_event}, reset the
 * consumer group ({@code kafka-consumer-groups.sh --reset-offsets --to-earliest --group <name>
 * --all-topics --execute}), start again. The topics keep every record, so the rebuilt model equals
 * the live one. Without stopping anything: {@link SubscriptionReplay} replays the subscriptions
 * into other tables next to the live ones (search-service's rebuild command,
 * docs/read-model-rebuild.md).
 */
public class EventConsumers implements SmartLifecycle, AutoCloseable {

  private final Map<String, SubscriptionConsumer> consumers = new LinkedHashMap<>();
  private final Admin admin;
  private final Producer<String, byte[]> deadLetters;
  private final ConsumerProperties properties;

  /**
   * @param transactionManager a JDBC-capable transaction manager on {@code dataSource}: handlers
   *     write through that {@code DataSource} and join its transaction
   */
  public EventConsumers(
      List<EventSubscription> subscriptions,
      String bootstrapServers,
      ConsumerProperties properties,
      DataSource dataSource,
      PlatformTransactionManager transactionManager) {
    this(
        subscriptions,
        bootstrapServers,
        properties,
        dataSource,
        transactionManager,
        RecordTracing.NONE);
  }

  /**
   * @param tracing continues each record's trace while it is applied
   */
  public EventConsumers(
      List<EventSubscription> subscriptions,
      String bootstrapServers,
      ConsumerProperties properties,
      DataSource dataSource,
      PlatformTransactionManager transactionManager,
      RecordTracing tracing) {
    this.properties = properties;
    this.admin = Admin.create(adminConfig(bootstrapServers, properties.kafkaTimeout()));
    this.deadLetters =
        new KafkaProducer<>(deadLetterConfig(bootstrapServers, properties.kafkaTimeout()));
    var transactions = new TransactionTemplate(transactionManager);
    var consumedEvents = new ConsumedEvents(JdbcClient.create(dataSource));
    for (EventSubscription subscription : subscriptions) {
      Map<String, Object> config = consumerConfig(bootstrapServers, subscription, properties);
      var consumer =
          new SubscriptionConsumer(
              subscription,
              properties,
              () -> new KafkaConsumer<>(config),
              admin,
              deadLetters,
              transactions,
              consumedEvents,
              tracing);
      if (consumers.putIfAbsent(subscription.name(), consumer) != null) {
        throw new IllegalStateException("Two subscriptions are named " + subscription.name());
      }
    }
  }

  /** The names of the subscriptions run here. */
  public Set<String> subscriptions() {
    return consumers.keySet();
  }

  /**
   * Where the named subscription stands.
   *
   * @throws IllegalArgumentException if this service has no such subscription
   */
  public SubscriptionProgress progress(String subscription) {
    SubscriptionConsumer consumer = consumers.get(subscription);
    if (consumer == null) {
      throw new IllegalArgumentException(
          "No subscription " + subscription + "; known: " + consumers.keySet());
    }
    return consumer;
  }

  /**
   * Records not yet read by this replica in the named subscription's partitions, as of its last
   * poll: the consumer lag of a read model (exported as {@code crescendo.consumer.lag}).
   */
  public long lag(String subscription) {
    return ((SubscriptionConsumer) progress(subscription)).lag();
  }

  @Override
  public void start() {
    consumers.values().forEach(SubscriptionConsumer::start);
  }

  @Override
  public void stop() {
    // All at once: each may be finishing a handler, commit or back-off.
    consumers.values().forEach(SubscriptionConsumer::requestStop);
    consumers.values().forEach(c -> c.awaitStopped(properties.shutdownTimeout()));
  }

  @Override
  public boolean isRunning() {
    return consumers.values().stream().anyMatch(SubscriptionConsumer::isRunning);
  }

  @Override
  public void close() {
    stop();
    deadLetters.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }

  private static Map<String, Object> consumerConfig(
      String bootstrapServers, EventSubscription subscription, ConsumerProperties properties) {
    int sessionTimeoutMs = (int) properties.sessionTimeout().toMillis();
    return Map.ofEntries(
        Map.entry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
        Map.entry(ConsumerConfig.GROUP_ID_CONFIG, subscription.name()),
        // Offsets are committed by hand, after the database transaction.
        Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        // A new subscription builds its read model from the whole history.
        Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        Map.entry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        Map.entry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords()),
        Map.entry(
            ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) properties.kafkaTimeout().toMillis()),
        Map.entry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeoutMs),
        Map.entry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, sessionTimeoutMs / 3),
        Map.entry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class),
        Map.entry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
  }

  private static Map<String, Object> deadLetterConfig(String bootstrapServers, Duration timeout) {
    int timeoutMs = (int) timeout.toMillis();
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true,
        ProducerConfig.ACKS_CONFIG,
        "all",
        // Bounded waits: a broker outage fails the send and the subscription tries again.
        ProducerConfig.MAX_BLOCK_MS_CONFIG,
        timeoutMs,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        timeoutMs,
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        Math.min(5_000, timeoutMs - 100),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
        StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        ByteArraySerializer.class);
  }

  private static Map<String, Object> adminConfig(String bootstrapServers, Duration timeout) {
    int timeoutMs = (int) timeout.toMillis();
    return Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        timeoutMs,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
        Math.min(5_000, timeoutMs));
  }
}

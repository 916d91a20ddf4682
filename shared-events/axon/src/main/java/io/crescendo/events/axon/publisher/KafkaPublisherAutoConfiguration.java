package io.crescendo.events.axon.publisher;

import io.crescendo.events.kafka.EventRecordCodec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;

/**
 * Wires the {@link KafkaEventPublisher} into a tracking processor of its own, whose errors
 * propagate (Axon's default would log and skip the event, losing it).
 */
@AutoConfiguration(before = AxonAutoConfiguration.class)
@ConditionalOnProperty(prefix = "crescendo.kafka", name = "source")
@EnableConfigurationProperties(KafkaPublisherProperties.class)
public class KafkaPublisherAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(KafkaPublisherAutoConfiguration.class);

  @Bean(destroyMethod = "close")
  public Producer<String, byte[]> eventProducer(KafkaPublisherProperties properties) {
    int ackTimeout = (int) properties.ackTimeout().toMillis();
    // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
    int requestTimeout = Math.min(5_000, ackTimeout - 100);
    Map<String, Object> config =
        Map.ofEntries(
            Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers()),
            Map.entry(ProducerConfig.CLIENT_ID_CONFIG, clientId(properties)),
            Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
            Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
            Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5),
            Map.entry(ProducerConfig.LINGER_MS_CONFIG, 2),
            Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
            // Bounded waits: a broker outage fails the batch, and the processor retries it.
            Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackTimeout),
            Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout),
            Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ackTimeout),
            Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class),
            Map.entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    return new KafkaProducer<>(config);
  }

  @Bean(destroyMethod = "close")
  public Admin eventTopicsAdmin(KafkaPublisherProperties properties) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            properties.bootstrapServers(),
            AdminClientConfig.CLIENT_ID_CONFIG,
            clientId(properties) + "-admin",
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            10_000,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            5_000));
  }

  @Bean
  public KafkaTopicInitializer kafkaTopicInitializer(Admin eventTopicsAdmin) {
    return new KafkaTopicInitializer(eventTopicsAdmin, Duration.ofSeconds(10));
  }

  @Bean
  public EventRecordCodec eventRecordCodec() {
    return new EventRecordCodec();
  }

  /** Reads the topics back after a restart or a failed batch, bounded like a send. */
  @Bean
  public PublishedEventsLookup publishedEventsLookup(KafkaPublisherProperties properties) {
    return new KafkaPublishedEventsLookup(
        properties.bootstrapServers(),
        clientId(properties) + "-publisher-check",
        properties.ackTimeout());
  }

  @Bean
  public KafkaEventPublisher kafkaEventPublisher(
      Producer<String, byte[]> eventProducer,
      EventRecordCodec codec,
      KafkaTopicInitializer topics,
      PublishedEventsLookup publishedEventsLookup,
      KafkaPublisherProperties properties) {
    // The producer's delivery timeout (= ack-timeout) decides whether a record failed; waiting a
    // little longer avoids abandoning a record the broker may still store.
    return new KafkaEventPublisher(
        eventProducer,
        codec,
        topics,
        properties.source(),
        properties.ackTimeout().plusSeconds(5),
        publishedEventsLookup);
  }

  @Bean
  public ConfigurerModule kafkaPublisherProcessor(
      KafkaEventPublisher publisher, KafkaPublisherProperties properties) {
    return configurer ->
        configurer.eventProcessing(
            processing ->
                processing
                    .registerEventHandler(c -> publisher)
                    // A tracking processor, not a pooled one: its threads block on the embedded
                    // event store's stream, which wakes them as soon as a local commit is read.
                    // The pooled coordinator needs an availability callback that
                    // EmbeddedEventStore does not offer, so it polled every 500 ms, and that
                    // wait was most of a write's read-your-writes latency (docs/benchmarks.md).
                    .registerTrackingEventProcessor(
                        KafkaEventPublisher.PROCESSING_GROUP,
                        Configuration::eventStore,
                        c ->
                            TrackingEventProcessorConfiguration.forParallelProcessing(
                                    properties.segments())
                                .andInitialSegmentsCount(properties.segments())
                                .andBatchSize(properties.batchSize())
                                // Claims and releases make a segment suspect (see the publisher).
                                .andEventTrackerStatusChangeListener(
                                    publisher::onTrackerStatusChange))
                    .registerListenerInvocationErrorHandler(
                        KafkaEventPublisher.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance()));
  }

  /** Creates the topics early when the broker is there; publishing creates them otherwise. */
  @EventListener(ContextRefreshedEvent.class)
  public void createTopicsEarly(ContextRefreshedEvent event) {
    var topics = event.getApplicationContext().getBean(KafkaTopicInitializer.class);
    Thread.ofVirtual()
        .name("kafka-topic-initializer")
        .start(
            () -> {
              try {
                topics.ensureTopics();
              } catch (RuntimeException e) {
                log.warn(
                    "Kafka topics not created yet ({}); publishing will retry", e.getMessage());
              }
            });
  }

  private static String clientId(KafkaPublisherProperties properties) {
    return properties.source().replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^-+", "");
  }

  /**
   * {@code crescendo.publisher.lag}: events stored but not yet on Kafka (the event store's head
   * minus the publisher's lowest segment position), read at each scrape.
   */
  @Bean
  public MeterBinder publisherLagGauge(Configuration axon, EventStore eventStore) {
    return registry ->
        Gauge.builder("crescendo.publisher.lag", () -> publisherLag(axon, eventStore))
            .description("Events stored but not yet published to Kafka")
            .baseUnit("events")
            .register(registry);
  }

  private static double publisherLag(Configuration axon, EventStore eventStore) {
    var processor =
        axon.eventProcessingConfiguration()
            .eventProcessor(KafkaEventPublisher.PROCESSING_GROUP, StreamingEventProcessor.class)
            .orElse(null);
    if (processor == null || processor.processingStatus().isEmpty()) {
      return Double.NaN; // not running here (or no segment claimed by this replica)
    }
    long head = eventStore.createHeadToken().position().orElse(0);
    long position =
        processor.processingStatus().values().stream()
            .mapToLong(status -> status.getCurrentPosition().orElse(0))
            .min()
            .orElse(head);
    return Math.max(0, head - position);
  }
}

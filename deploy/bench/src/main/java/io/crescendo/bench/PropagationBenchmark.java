package io.crescendo.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * From a command's answer to the moment search-service has applied its event (study-service → event
 * store → publisher → Kafka → search-service's projection), against Kafka's own produce → consume
 * latency on the same broker with the same producer and consumer settings.
 */
final class PropagationBenchmark implements Benchmark {

  private static final String TOPIC = "crescendo.bench.latency";

  @Override
  public String name() {
    return "propagation";
  }

  @Override
  public List<Figure> run(BenchContext context) throws Exception {
    int samples = context.size(300, 1_000);
    Latencies.Summary kafka = kafkaRoundTrip(context.stack().kafkaBootstrapServers(), samples);
    BenchContext.log("  kafka alone %s", kafka);

    PlatformClient study = context.direct("study-service");
    Http http = context.http();
    String search = context.stack().serviceUrl("search-service");
    String leader = Fixtures.token(context.gateway(), "propagator");
    LocalDate today = context.stack().today();
    Latencies latencies = new Latencies();
    for (int i = 0; i < samples + samples / 10; i++) {
      Http.Answer created = study.createStudy(leader, "전파 " + i, today, 5).block();
      long accepted = System.nanoTime();
      String token = PlatformClient.expect(created, 201).header("Crescendo-Consistency-Token");
      Http.Answer applied =
          http.send(
                  "GET",
                  search
                      + "/internal/consistency/await?timeout_ms=10000&token="
                      + URLEncoder.encode(token, StandardCharsets.UTF_8),
                  null,
                  null)
              .block();
      long visible = System.nanoTime();
      if (applied.status() != 200 || !applied.json().get("applied").asBoolean()) {
        throw new IllegalStateException("not applied: " + applied.body());
      }
      if (i >= samples / 10) { // the first tenth warms up
        latencies.recordNanos(visible - accepted);
      }
    }
    Latencies.Summary propagation = latencies.summary();
    return List.of(
        new Figure(
            "propagation: command answered → applied in search-service",
            propagation.toString(),
            "Kafka produce → consume alone: " + kafka,
            propagation.p99() / kafka.p99(),
            "p99 ≤ 50 ms",
            propagation.p99() <= 50,
            "create-study sent straight to study-service, then search-service's consistency wait on its token; one at a time"));
  }

  /**
   * Producer (the publisher's settings) → consumer (the subscriptions' settings), one at a time.
   */
  static Latencies.Summary kafkaRoundTrip(String bootstrap, int samples) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      if (!admin.listTopics().names().get().contains(TOPIC)) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      }
    }
    Properties producerConfig = new Properties();
    producerConfig.putAll(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            2,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            LongSerializer.class));
    Properties consumerConfig = new Properties();
    consumerConfig.putAll(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            LongDeserializer.class));
    Latencies latencies = new Latencies();
    TopicPartition partition = new TopicPartition(TOPIC, 0);
    try (var producer = new KafkaProducer<String, Long>(producerConfig);
        var consumer = new KafkaConsumer<String, Long>(consumerConfig)) {
      consumer.assign(List.of(partition));
      consumer.seekToEnd(List.of(partition));
      consumer.position(partition);
      for (int i = 0; i < samples + samples / 10; i++) {
        producer.send(new ProducerRecord<>(TOPIC, UUID.randomUUID().toString(), System.nanoTime()));
        boolean received = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!received && System.nanoTime() < deadline) {
          for (var record : consumer.poll(Duration.ofMillis(100))) {
            long latency = System.nanoTime() - record.value();
            if (i >= samples / 10) {
              latencies.recordNanos(latency);
            }
            received = true;
          }
        }
        if (!received) {
          throw new IllegalStateException("a record did not come back within 10 s");
        }
      }
    }
    return latencies.summary();
  }
}

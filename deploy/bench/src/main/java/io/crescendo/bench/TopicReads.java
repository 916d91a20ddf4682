package io.crescendo.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What the harness asks Kafka directly: end offsets, consumer groups' lag, a plain read. */
final class TopicReads {

  private static final Duration CALL = Duration.ofSeconds(30);

  private TopicReads() {}

  /** The end offset ({@code read_committed}) of every partition of the topics that exist. */
  static Map<TopicPartition, Long> endOffsets(String bootstrap, Collection<String> topics)
      throws Exception {
    try (Admin admin = admin(bootstrap)) {
      return endOffsets(admin, topics);
    }
  }

  static long total(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, Collection<String> topics)
      throws Exception {
    var existing = admin.listTopics().names().get(CALL.toSeconds(), TimeUnit.SECONDS);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (var description :
        admin
            .describeTopics(topics.stream().filter(existing::contains).toList())
            .allTopicNames()
            .get(CALL.toSeconds(), TimeUnit.SECONDS)
            .values()) {
      description
          .partitions()
          .forEach(
              p ->
                  latest.put(
                      new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    if (!latest.isEmpty()) {
      admin
          .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get(CALL.toSeconds(), TimeUnit.SECONDS)
          .forEach((partition, info) -> ends.put(partition, info.offset()));
    }
    return ends;
  }

  /**
   * Per consumer group that has committed offsets on any of the topics: records of those topics it
   * has not committed yet (a partition it never committed counts from 0).
   */
  static Map<String, Long> lag(String bootstrap, Collection<String> topics) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      Map<TopicPartition, Long> ends = endOffsets(admin, topics);
      Map<String, Long> lag = new TreeMap<>();
      for (GroupListing group :
          admin
              .listGroups(ListGroupsOptions.forConsumerGroups())
              .all()
              .get(CALL.toSeconds(), TimeUnit.SECONDS)) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin
                .listConsumerGroupOffsets(group.groupId())
                .partitionsToOffsetAndMetadata()
                .get(CALL.toSeconds(), TimeUnit.SECONDS);
        List<String> read =
            committed.keySet().stream()
                .map(TopicPartition::topic)
                .filter(topics::contains)
                .distinct()
                .toList();
        if (read.isEmpty()) {
          continue;
        }
        long behind = 0;
        for (var end : ends.entrySet()) {
          if (read.contains(end.getKey().topic())) {
            OffsetAndMetadata at = committed.get(end.getKey());
            behind += Math.max(0, end.getValue() - (at == null ? 0 : at.offset()));
          }
        }
        lag.put(group.groupId(), behind);
      }
      return lag;
    }
  }

  /**
   * Waits until no consumer group reading the topics lags behind their end offsets.
   *
   * @return how long it took
   * @throws IllegalStateException with the groups' lag if it takes longer than {@code timeout}
   */
  static Duration awaitCaughtUp(String bootstrap, Collection<String> topics, Duration timeout)
      throws Exception {
    long t0 = System.nanoTime();
    long lastLog = t0;
    while (true) {
      Map<String, Long> lag = lag(bootstrap, topics);
      long total = lag.values().stream().mapToLong(Long::longValue).sum();
      long now = System.nanoTime();
      if (total == 0) {
        return Duration.ofNanos(now - t0);
      }
      if (now - t0 > timeout.toNanos()) {
        throw new IllegalStateException("consumers still behind after " + timeout + ": " + lag);
      }
      if (now - lastLog > Duration.ofSeconds(15).toNanos()) {
        BenchContext.log("  waiting for the consumers: %s", lag);
        lastLog = now;
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
  }

  /** A plain read of every partition of the topics from 0 to its end offset. */
  record Read(long records, long bytes, Duration elapsed) {

    double perSecond() {
      return records / (elapsed.toNanos() / 1e9);
    }
  }

  /**
   * Reads every record of the topics from offset 0 up to the end offsets, as the replay's consumer
   * is configured ({@code assign()}, {@code read_committed}, 5000 records per poll, 256 kB per
   * partition fetch), without doing anything with them.
   */
  static Read read(String bootstrap, Collection<String> topics) throws Exception {
    Map<TopicPartition, Long> ends = endOffsets(bootstrap, topics);
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "crescendo-bench-raw-read");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 256 * 1024);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<TopicPartition> partitions = new ArrayList<>(ends.keySet());
    long records = 0;
    long bytes = 0;
    long t0 = System.nanoTime();
    try (var consumer = new KafkaConsumer<String, byte[]>(config)) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<TopicPartition> open = new ArrayList<>(partitions);
      long lastAdvance = System.nanoTime();
      while (!open.isEmpty()) {
        var polled = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, byte[]> record : polled) {
          if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
            records++;
            bytes += record.serializedValueSize() + Math.max(0, record.serializedKeySize());
          }
        }
        if (!polled.isEmpty()) {
          lastAdvance = System.nanoTime();
        } else if (System.nanoTime() - lastAdvance > CALL.toNanos()) {
          throw new IllegalStateException("no progress reading " + open);
        }
        open.removeIf(p -> consumer.position(p) >= ends.get(p));
      }
    }
    return new Read(records, bytes, Duration.ofNanos(System.nanoTime() - t0));
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) CALL.toMillis()));
  }
}

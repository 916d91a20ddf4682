package io.crescendo.events.axon.publisher;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.crescendo.events.kafka.CloudEventHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic back from a point in time with a plain consumer (assigned partitions, no group, no
 * commits) and collects the {@code ce_id} headers of its records. One consumer per lookup: lookups
 * happen only after a restart or a failed batch.
 */
public final class KafkaPublishedEventsLookup implements PublishedEventsLookup {

  private final Map<String, Object> config;
  private final Duration timeout;

  /**
   * @param timeout bounds every broker call, and a read that makes no progress for that long fails
   */
  public KafkaPublishedEventsLookup(String bootstrapServers, String clientId, Duration timeout) {
    int millis = (int) timeout.toMillis();
    this.timeout = timeout;
    this.config =
        Map.ofEntries(
            Map.entry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            Map.entry(ConsumerConfig.CLIENT_ID_CONFIG, clientId),
            Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
            Map.entry(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
            // The publisher is not transactional: there is nothing to wait for.
            Map.entry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
            // Offsets are always sought explicitly; this only covers a segment deleted meanwhile.
            Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            Map.entry(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(5_000, millis)),
            Map.entry(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis),
            Map.entry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class),
            Map.entry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
  }

  @Override
  public Found find(String topic, Instant since, Set<String> wanted) {
    try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      return find(consumer, topic, since, wanted);
    } catch (KafkaException e) {
      throw new EventPublicationException(
          "could not read " + topic + " to check what is already published", e);
    }
  }

  private Found find(
      Consumer<byte[], byte[]> consumer, String topic, Instant since, Set<String> wanted) {
    Map<TopicPartition, Long> times = new HashMap<>();
    consumer
        .partitionsFor(topic, timeout)
        .forEach(p -> times.put(new TopicPartition(topic, p.partition()), since.toEpochMilli()));
    // Assigned before asking for offsets, or the consumer warns about every partition.
    consumer.assign(times.keySet());
    Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, timeout);
    Map<TopicPartition, Long> ends = consumer.endOffsets(times.keySet(), timeout);
    Map<TopicPartition, Long> from = new HashMap<>();
    starts.forEach(
        (partition, start) -> {
          // null: no record that recent in this partition.
          if (start != null && start.offset() < ends.get(partition)) {
            from.put(partition, start.offset());
          }
        });
    consumer.assign(from.keySet());
    from.forEach(consumer::seek);
    Set<TopicPartition> unread = new HashSet<>(from.keySet());
    Set<String> found = new HashSet<>();
    long read = 0;
    long lastProgress = System.nanoTime();
    while (!unread.isEmpty()) {
      var records = consumer.poll(Duration.ofMillis(100));
      for (ConsumerRecord<byte[], byte[]> record : records) {
        read++;
        Header id = record.headers().lastHeader(CloudEventHeaders.ID);
        if (id != null && id.value() != null) {
          String value = new String(id.value(), UTF_8);
          if (wanted.contains(value)) {
            found.add(value);
          }
        }
      }
      unread.removeIf(p -> consumer.position(p, timeout) >= ends.get(p));
      if (!records.isEmpty()) {
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > timeout.toNanos()) {
        throw new EventPublicationException(
            "no records from " + unread + " in " + timeout + " while checking them");
      }
    }
    return new Found(Set.copyOf(found), read);
  }
}

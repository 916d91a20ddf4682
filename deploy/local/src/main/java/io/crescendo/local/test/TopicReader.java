package io.crescendo.local.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic from the beginning with a plain consumer, as another team would. */
public final class TopicReader {

  private TopicReader() {}

  /** Polls until {@code done} holds for everything read so far, or fails after the timeout. */
  public static List<ConsumerRecord<String, byte[]>> readUntil(
      String bootstrapServers,
      String topic,
      Predicate<List<ConsumerRecord<String, byte[]>>> done,
      Duration timeout) {
    try (var consumer = consumer(bootstrapServers)) {
      long deadline = System.nanoTime() + timeout.toNanos();
      List<TopicPartition> partitions = List.of();
      while (partitions.isEmpty() && System.nanoTime() < deadline) {
        partitions =
            consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      while (!done.test(records)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "condition not met within " + timeout + " after " + records.size() + " records");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  /**
   * A plain consumer without a group (nothing committed): string keys, byte values, at most 5 000
   * records a poll. The caller assigns partitions and closes it.
   */
  public static KafkaConsumer<String, byte[]> consumer(String bootstrapServers) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            5000));
  }

  /**
   * Every record of these partitions from the beginning up to their end offsets as of the call, or
   * fails after the timeout.
   */
  public static List<ConsumerRecord<String, byte[]>> readToEnd(
      KafkaConsumer<String, byte[]> consumer,
      Collection<TopicPartition> partitions,
      Duration timeout) {
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("topics not read to their end offsets " + end + " in " + timeout);
      }
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return records;
  }
}

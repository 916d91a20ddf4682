package io.crescendo.search.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.events.Topics;
import io.crescendo.events.consumer.DeadLetterHeaders;
import io.crescendo.events.kafka.CloudEventHeaders;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import io.crescendo.events.kafka.MalformedEventRecordException;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.local.test.TestInfrastructure;
import io.crescendo.search.testsupport.Feed;
import io.crescendo.search.testsupport.ReadSideTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Poison records on {@code crescendo.study.studygroup.v1} do not stop search-service's study
 * subscription: a malformed one is parked on {@code search-service.studies.dlt} with the
 * dead-letter headers of shared-events-consumer ({@link DeadLetterHeaders}) next to its own, one of
 * an unknown type (a newer producer's) is skipped, and the valid event behind them on the same
 * partition is applied.
 */
class DeadLetterApiTest extends ReadSideTest {

  static final String STUDIES = "/api/v1/studygroup/studies/";
  static final String TOPIC = Topics.STUDY_STUDYGROUP.name();
  static final String DEAD_LETTERS = "search-service.studies.dlt";
  static final EventRecordCodec CODEC = new EventRecordCodec();
  static final KafkaProducer<String, byte[]> PRODUCER =
      new KafkaProducer<>(
          Map.of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
              TestInfrastructure.shared().kafkaBootstrapServers(),
              ProducerConfig.ACKS_CONFIG,
              "all"),
          new StringSerializer(),
          new ByteArraySerializer());

  @AfterAll
  static void closeProducer() {
    PRODUCER.close(Duration.ofSeconds(5));
  }

  @Test
  void aPoisonRecordLandsOnTheDeadLetterTopicAndTheStreamGoesOn() throws Exception {
    UUID leader = Feed.kafka().user();
    LocalDate today = Feed.today();
    UUID id = UUID.randomUUID();
    StudyGroupCreated created =
        new StudyGroupCreated(
            id,
            leader,
            Feed.nextId(),
            "살아남은 스터디",
            "after the poison",
            "<p>x</p>",
            List.of("Backend"),
            List.of(),
            5,
            today.plusDays(6),
            today.plusDays(30),
            today.plusDays(5),
            null,
            Instant.now());
    ProducerRecord<String, byte[]> valid =
        CODEC.encode(
            EventEnvelope.of(
                UUID.randomUUID().toString(),
                "/crescendo/study-service",
                Instant.now(),
                id.toString(),
                0,
                created));
    byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x00, '{', 'n', 'o', 't', ' ', 'j', 's', 'o', 'n'};

    // on the study's key, so on the partition of the valid event, before it
    RecordMetadata garbled =
        send(new ProducerRecord<>(TOPIC, null, id.toString(), garbage, copy(valid.headers())));
    Headers unknownType = copy(valid.headers());
    unknownType.remove(CloudEventHeaders.TYPE);
    unknownType.add(
        CloudEventHeaders.TYPE, "crescendo.study.StudyGroupArchived.v1".getBytes(UTF_8));
    RecordMetadata unknown =
        send(new ProducerRecord<>(TOPIC, null, id.toString(), valid.value(), unknownType));
    Headers noSequence = copy(valid.headers());
    noSequence.remove(CloudEventHeaders.SEQUENCE);
    RecordMetadata unsequenced =
        send(new ProducerRecord<>(TOPIC, null, id.toString(), valid.value(), noSequence));
    RecordMetadata applied = send(valid);
    assertThat(List.of(unknown.partition(), unsequenced.partition(), applied.partition()))
        .containsOnly(garbled.partition());

    // the stream goes on: the valid event behind the poison is applied
    Map<String, Object> study =
        awaitJson(STUDIES + id, null, s -> id.toString().equals(s.get("uuid")));
    assertThat(study).containsEntry("post_title", "살아남은 스터디");

    // records are dealt with in order, so whatever was parked before it is on the topic by now
    List<ConsumerRecord<String, byte[]>> parked =
        readAll(DEAD_LETTERS).stream().filter(r -> id.toString().equals(r.key())).toList();
    assertThat(parked).hasSize(2);

    ConsumerRecord<String, byte[]> first = parked.get(0);
    assertThat(first.value()).isEqualTo(garbage);
    assertThat(header(first, DeadLetterHeaders.REASON))
        .startsWith("malformed record: Invalid JSON for crescendo.study.StudyGroupCreated");
    assertParkedFrom(first, garbled);
    // the original headers travel along
    assertThat(header(first, CloudEventHeaders.TYPE))
        .isEqualTo("crescendo.study.StudyGroupCreated.v1");
    assertThat(header(first, CloudEventHeaders.SUBJECT)).isEqualTo(id.toString());

    ConsumerRecord<String, byte[]> second = parked.get(1);
    assertThat(second.value()).isEqualTo(valid.value());
    assertThat(header(second, DeadLetterHeaders.REASON))
        .startsWith("malformed record: Missing header ce_sequence");
    assertParkedFrom(second, unsequenced);
    assertThat(second.headers().lastHeader(CloudEventHeaders.SEQUENCE)).isNull();

    // the unknown type was skipped, not parked: nothing parked names its offset
    assertThat(parked)
        .noneMatch(
            r -> Long.toString(unknown.offset()).equals(header(r, DeadLetterHeaders.OFFSET)));
  }

  private static void assertParkedFrom(ConsumerRecord<String, byte[]> letter, RecordMetadata from) {
    assertThat(header(letter, DeadLetterHeaders.EXCEPTION))
        .isEqualTo(MalformedEventRecordException.class.getName());
    assertThat(header(letter, DeadLetterHeaders.TOPIC)).isEqualTo(TOPIC);
    assertThat(header(letter, DeadLetterHeaders.PARTITION))
        .isEqualTo(Integer.toString(from.partition()));
    assertThat(header(letter, DeadLetterHeaders.OFFSET)).isEqualTo(Long.toString(from.offset()));
    assertThat(header(letter, DeadLetterHeaders.SUBSCRIPTION)).isEqualTo("search-service.studies");
  }

  private static Headers copy(Headers headers) {
    return new RecordHeaders(headers.toArray());
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), UTF_8);
  }

  private static RecordMetadata send(ProducerRecord<String, byte[]> record) throws Exception {
    return PRODUCER.send(record).get(30, TimeUnit.SECONDS);
  }

  /** The whole topic, from the beginning to its end offsets at the time of the call. */
  private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            TestInfrastructure.shared().kafkaBootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + WITHIN.toNanos();
      while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        assertThat(System.nanoTime()).as("read %s to its end in time", topic).isLessThan(deadline);
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }
}

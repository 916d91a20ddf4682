package io.crescendo.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.crescendo.events.EventCatalog;
import io.crescendo.events.EventDescriptor;
import io.crescendo.events.PublicEvent;
import io.crescendo.events.TopicSpec;
import io.crescendo.events.Topics;
import io.crescendo.events.assignment.AssignmentCreated;
import io.crescendo.events.assignment.AssignmentDeleted;
import io.crescendo.events.assignment.AssignmentEvent;
import io.crescendo.events.assignment.SubmissionCreated;
import io.crescendo.events.assignment.SubmissionDeleted;
import io.crescendo.events.assignment.SubmissionEvent;
import io.crescendo.events.identity.IdentityEvent;
import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.kafka.CloudEventHeaders;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.events.study.StudyGroupDeleted;
import io.crescendo.events.study.StudyGroupEvent;
import io.crescendo.local.test.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Every record of every public topic ({@link Topics#all()}) and of the dead-letter topics, read as
 * another team would: a plain {@link KafkaConsumer}, all partitions assigned, from the beginning to
 * the end offsets taken when reading starts. {@link #violations()} lists every record that breaks
 * the rules of docs/events.md.
 */
final class EventLog {

  /** A record of a public topic, with its envelope ({@code null} if it does not decode). */
  record Entry(TopicSpec topic, ConsumerRecord<String, byte[]> record, EventEnvelope envelope) {}

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final EventRecordCodec CODEC = new EventRecordCodec();
  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");
  private static final Pattern TRACEPARENT =
      Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

  /** Who publishes each topic (ce_source, docs/operations.md). */
  private static final Map<TopicSpec, String> SOURCES =
      Map.of(
          Topics.IDENTITY_USER, "/crescendo/identity-service",
          Topics.STUDY_STUDYGROUP, "/crescendo/study-service",
          Topics.ASSIGNMENT_ASSIGNMENT, "/crescendo/assignment-service",
          Topics.ASSIGNMENT_SUBMISSION, "/crescendo/assignment-service");

  /**
   * Topics whose aggregates store internal events (identity's {@code PasswordSet}): those take
   * sequence numbers too, so gaps are normal there (docs/events.md). Every event of the other
   * aggregates is public, so their sequences must have no gap.
   */
  private static final Set<TopicSpec> WITH_INTERNAL_EVENTS = Set.of(Topics.IDENTITY_USER);

  private static final Set<Class<? extends PublicEvent>> CREATIONS =
      Set.of(
          UserRegistered.class,
          StudyGroupCreated.class,
          AssignmentCreated.class,
          SubmissionCreated.class);
  private static final Set<Class<? extends PublicEvent>> DELETIONS =
      Set.of(
          UserDeleted.class,
          StudyGroupDeleted.class,
          AssignmentDeleted.class,
          SubmissionDeleted.class);

  private final List<Entry> entries;
  private final List<ConsumerRecord<String, byte[]>> deadLetters;
  private final List<String> violations;

  private EventLog(
      List<Entry> entries,
      List<ConsumerRecord<String, byte[]>> deadLetters,
      List<String> violations) {
    this.entries = entries;
    this.deadLetters = deadLetters;
    this.violations = violations;
  }

  static EventLog read(String bootstrapServers) {
    List<String> violations = new ArrayList<>();
    List<ConsumerRecord<String, byte[]>> records;
    Map<String, TopicSpec> specs = new HashMap<>();
    try (var consumer = TopicReader.consumer(bootstrapServers)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (TopicSpec topic : Topics.all()) {
        specs.put(topic.name(), topic);
        var infos = consumer.partitionsFor(topic.name(), TIMEOUT);
        if (infos.size() != topic.partitions()) {
          violations.add(
              topic.name() + " has " + infos.size() + " partitions, not " + topic.partitions());
        }
        infos.forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
      }
      for (String name : consumer.listTopics(TIMEOUT).keySet()) {
        if (name.endsWith(".dlt")) {
          consumer
              .partitionsFor(name, TIMEOUT)
              .forEach(p -> partitions.add(new TopicPartition(name, p.partition())));
        }
      }
      records = new ArrayList<>(TopicReader.readToEnd(consumer, partitions, TIMEOUT));
    }
    records.sort(
        Comparator.comparing((ConsumerRecord<String, byte[]> r) -> r.topic())
            .thenComparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset));
    List<Entry> entries = new ArrayList<>();
    List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      TopicSpec topic = specs.get(record.topic());
      if (topic == null) {
        deadLetters.add(record);
      } else {
        entries.add(new Entry(topic, record, decode(record, violations)));
      }
    }
    checkRecords(entries, violations);
    checkAggregates(entries, violations);
    return new EventLog(List.copyOf(entries), List.copyOf(deadLetters), violations);
  }

  /** Every record of the public topics, by topic, partition and offset. */
  List<Entry> entries() {
    return entries;
  }

  /** The envelopes of one aggregate, in offset order. */
  List<EventEnvelope> history(TopicSpec topic, String key) {
    return entries.stream()
        .filter(e -> e.topic().equals(topic) && key.equals(e.record().key()))
        .map(Entry::envelope)
        .toList();
  }

  /** Records parked on {@code <subscription>.dlt} topics. */
  List<ConsumerRecord<String, byte[]>> deadLetters() {
    return deadLetters;
  }

  /** Every broken rule, one line each, naming the record. */
  List<String> violations() {
    return violations;
  }

  private static EventEnvelope decode(ConsumerRecord<String, byte[]> record, List<String> out) {
    try {
      return CODEC.decode(record);
    } catch (RuntimeException e) {
      out.add(where(record) + " does not decode: " + e.getMessage());
      return null;
    }
  }

  /** The rules each record follows on its own, and ce_id unique across all topics. */
  private static void checkRecords(List<Entry> entries, List<String> out) {
    Map<String, String> ids = new HashMap<>();
    for (Entry entry : entries) {
      ConsumerRecord<String, byte[]> record = entry.record();
      String at = where(record);
      for (String name : CloudEventHeaders.ALL) {
        long count =
            StreamSupport.stream(record.headers().headers(name).spliterator(), false).count();
        if (count != 1) {
          out.add(at + " has " + count + " " + name + " headers");
        }
      }
      String id = header(record, CloudEventHeaders.ID);
      String subject = header(record, CloudEventHeaders.SUBJECT);
      String type = header(record, CloudEventHeaders.TYPE);
      String time = header(record, CloudEventHeaders.TIME);
      String sequence = header(record, CloudEventHeaders.SEQUENCE);
      expect(out, at, "ce_specversion", header(record, CloudEventHeaders.SPEC_VERSION), "1.0");
      expect(out, at, "content-type", header(record, "content-type"), "application/json");
      expect(
          out,
          at,
          "ce_source",
          header(record, CloudEventHeaders.SOURCE),
          SOURCES.get(entry.topic()));
      if (record.key() == null || !record.key().equals(subject)) {
        out.add(at + " key " + record.key() + " differs from ce_subject " + subject);
      }
      EventDescriptor descriptor =
          type == null ? null : EventCatalog.standard().findByType(type).orElse(null);
      if (descriptor == null) {
        out.add(at + " has a ce_type the catalog does not know: " + type);
      } else if (!descriptor.topic().equals(entry.topic())) {
        out.add(at + " carries " + type + ", which belongs on " + descriptor.topic().name());
      }
      if (time == null || !time.endsWith("Z") || !isInstant(time)) {
        out.add(at + " has a ce_time that is not RFC 3339 UTC: " + time);
      }
      if (sequence == null || !DECIMAL.matcher(sequence).matches()) {
        out.add(at + " has a malformed ce_sequence: " + sequence);
      }
      if (id == null || id.isBlank()) {
        out.add(at + " has no ce_id");
      } else {
        String first = ids.putIfAbsent(id, at);
        if (first != null) {
          out.add(at + " repeats ce_id " + id + " of " + first);
        }
      }
      String traceparent = header(record, "traceparent");
      if (traceparent != null && !TRACEPARENT.matcher(traceparent).matches()) {
        out.add(at + " has a malformed traceparent: " + traceparent);
      }
      if (entry.envelope() != null && !aggregateId(entry.envelope().data()).equals(record.key())) {
        out.add(at + " key " + record.key() + " is not the event's aggregate id");
      }
    }
  }

  /**
   * Per aggregate: one partition; sequences strictly increasing in offset order, starting at 0 with
   * the creation event, without gaps where there are no internal events; nothing after the
   * deletion.
   */
  private static void checkAggregates(List<Entry> entries, List<String> out) {
    Map<String, List<Entry>> byAggregate = new LinkedHashMap<>();
    for (Entry entry : entries) {
      if (entry.envelope() != null && entry.record().key() != null) {
        byAggregate
            .computeIfAbsent(
                entry.topic().name() + " " + entry.record().key(), k -> new ArrayList<>())
            .add(entry);
      }
    }
    byAggregate.forEach(
        (aggregate, history) -> {
          Entry first = history.getFirst();
          if (history.stream()
              .anyMatch(e -> e.record().partition() != first.record().partition())) {
            out.add(aggregate + " is spread over several partitions");
            return;
          }
          if (first.envelope().sequence() != 0
              || !CREATIONS.contains(first.envelope().data().getClass())) {
            out.add(aggregate + " starts with " + describe(first) + ", not its creation at 0");
          }
          for (int i = 1; i < history.size(); i++) {
            Entry previous = history.get(i - 1);
            Entry next = history.get(i);
            long step = next.envelope().sequence() - previous.envelope().sequence();
            if (step <= 0 || (step > 1 && !WITH_INTERNAL_EVENTS.contains(next.topic()))) {
              out.add(aggregate + ": " + describe(next) + " follows " + describe(previous));
            }
            if (DELETIONS.contains(previous.envelope().data().getClass())) {
              out.add(aggregate + ": " + describe(next) + " after the deletion");
            }
          }
        });
  }

  /** The aggregate an event belongs to: the record key it must have. */
  static String aggregateId(PublicEvent event) {
    return switch (event) {
      case IdentityEvent e -> e.userId().toString();
      case StudyGroupEvent e -> e.studyId().toString();
      case AssignmentEvent e -> Long.toString(e.assignmentId());
      case SubmissionEvent e -> Long.toString(e.submissionId());
      default -> throw new IllegalArgumentException("unknown event " + event);
    };
  }

  private static void expect(List<String> out, String at, String what, String actual, String want) {
    if (!want.equals(actual)) {
      out.add(at + " has " + what + " " + actual + ", not " + want);
    }
  }

  private static boolean isInstant(String value) {
    try {
      DateTimeFormatter.ISO_INSTANT.parse(value, Instant::from);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
  }

  private static String describe(Entry entry) {
    return entry.envelope().data().getClass().getSimpleName()
        + "#"
        + entry.envelope().sequence()
        + " (offset "
        + entry.record().offset()
        + ")";
  }

  private static String where(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }
}

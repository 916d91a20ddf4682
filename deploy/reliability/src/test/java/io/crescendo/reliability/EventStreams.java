package io.crescendo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.events.TopicSpec;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import io.crescendo.local.test.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The public event streams, read with a plain consumer as another team reads them. */
final class EventStreams {

  private static final EventRecordCodec CODEC = new EventRecordCodec();

  private EventStreams() {}

  /**
   * Every event of the given aggregates, by aggregate, in topic order, once each (redeliveries of
   * the same event id dropped), after waiting until {@code done} holds for them.
   */
  static Map<String, List<EventEnvelope>> read(
      Platform platform,
      TopicSpec topic,
      Collection<String> aggregates,
      Predicate<Map<String, List<EventEnvelope>>> done) {
    Set<String> wanted = Set.copyOf(aggregates);
    return read(platform, topic, event -> wanted.contains(event.subject()), done);
  }

  /**
   * Like {@link #read(Platform, TopicSpec, Collection, Predicate)}, for the events {@code about}.
   */
  static Map<String, List<EventEnvelope>> read(
      Platform platform,
      TopicSpec topic,
      Predicate<EventEnvelope> about,
      Predicate<Map<String, List<EventEnvelope>>> done) {
    Map<String, List<EventEnvelope>> result = new LinkedHashMap<>();
    Map<Object, EventEnvelope> decoded = new IdentityHashMap<>();
    TopicReader.readUntil(
        platform.stack.kafkaBootstrapServers(),
        topic.name(),
        records -> {
          result.clear();
          Set<String> seen = new HashSet<>();
          for (var record : records) {
            EventEnvelope event = decoded.computeIfAbsent(record, r -> CODEC.decode(record));
            if (about.test(event) && seen.add(event.id())) {
              result.computeIfAbsent(event.subject(), k -> new ArrayList<>()).add(event);
            }
          }
          return done.test(result);
        },
        Duration.ofSeconds(90));
    return result;
  }

  /**
   * No gaps, no duplicates, in order: an aggregate's events carry the sequence numbers 0, 1, 2, ...
   * in the order they were published.
   */
  static void assertContiguous(String aggregate, List<EventEnvelope> events) {
    List<Long> sequences = events.stream().map(EventEnvelope::sequence).toList();
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < sequences.size(); i++) {
      expected.add(i);
    }
    assertThat(sequences).as("sequence numbers of " + aggregate).isEqualTo(expected);
  }
}

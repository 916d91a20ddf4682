package io.crescendo.events;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A Kafka topic carrying public events: its name, partition count, topic-level configs and the
 * event classes published on it.
 *
 * <p>The replication factor and {@code min.insync.replicas} are deliberately absent: they depend on
 * the cluster (1 on a laptop, 3 in production) and are chosen at deployment.
 *
 * @param name {@code crescendo.<context>.<aggregate>.v<n>}
 * @param partitions number of partitions; records are keyed by aggregate id, so changing it later
 *     breaks per-aggregate ordering of existing keys
 * @param configs topic-level configs, e.g. {@code cleanup.policy}
 * @param events the event classes published on this topic (records)
 */
public record TopicSpec(
    String name,
    int partitions,
    Map<String, String> configs,
    List<Class<? extends PublicEvent>> events) {

  private static final Pattern NAME =
      Pattern.compile("crescendo\\.([a-z][a-z0-9]*)\\.([a-z][a-z0-9]*)\\.v([1-9][0-9]*)");

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Topic name must look like crescendo.<context>.<aggregate>.v<n>: " + name);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be positive: " + partitions);
    }
    // Sorted copy: stable order when the configs are logged or compared with deploy/ scripts.
    configs = Collections.unmodifiableMap(new TreeMap<>(configs));
    events = List.copyOf(events);
    for (Class<? extends PublicEvent> event : events) {
      if (!event.isRecord()) {
        // The codec and the AsyncAPI test derive the JSON shape from the record components.
        throw new IllegalArgumentException("Public events must be records: " + event.getName());
      }
    }
  }

  /** The publishing bounded context, the second segment of the name ({@code identity}). */
  public String context() {
    Matcher matcher = NAME.matcher(name);
    matcher.matches();
    return matcher.group(1);
  }

  /**
   * This topic as a Kafka admin {@link NewTopic}, for idempotent creation at start-up.
   *
   * @param replicationFactor empty to use the broker's {@code default.replication.factor}
   */
  public NewTopic toNewTopic(Optional<Short> replicationFactor) {
    return new NewTopic(name, Optional.of(partitions), replicationFactor).configs(configs);
  }
}

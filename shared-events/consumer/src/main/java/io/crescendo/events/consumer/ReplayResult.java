package io.crescendo.events.consumer;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The outcome of {@link SubscriptionReplay#replay}.
 *
 * @param records records read from the topics (a record read by two subscriptions counts once)
 * @param subscriptions what happened per subscription, by name, in the order given
 * @param duration from the first read to the last commit
 * @param reached the end offset of every partition: where a following replay starts
 */
public record ReplayResult(
    long records,
    Map<String, ReplayCounts> subscriptions,
    Duration duration,
    Map<TopicPartition, Long> reached) {

  public ReplayResult {
    subscriptions = Collections.unmodifiableMap(new LinkedHashMap<>(subscriptions));
    reached = Map.copyOf(reached);
  }

  /** Records read per second of {@link #duration()}. */
  public double recordsPerSecond() {
    double seconds = duration.toNanos() / 1e9;
    return seconds <= 0 ? 0 : records / seconds;
  }

  /** The counts of every subscription added up. */
  public ReplayCounts total() {
    return subscriptions.values().stream().reduce(ReplayCounts.NONE, ReplayCounts::plus);
  }
}

package io.crescendo.events.consumer;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of every subscription of a service ({@code crescendo.consumer.*}). The Kafka cluster is
 * {@code crescendo.kafka.bootstrap-servers}, shared with the publisher.
 *
 * @param enabled false runs no subscription (e.g. in a web-layer test)
 * @param retryBackoffs waits before each retry of a record whose handler failed; once they are used
 *     up the record is parked on the dead-letter topic. Their sum stays well below Kafka's {@code
 *     max.poll.interval.ms} (5 min), since the consumer does not poll while it waits
 * @param outageBackoffMax the longest wait between attempts while Kafka or the database is
 *     unreachable (waits start at 1 s and double); an outage never parks a record
 * @param pollTimeout longest wait for new records in one poll
 * @param maxPollRecords records fetched per poll, committed together after they are applied
 * @param kafkaTimeout bound of each blocking Kafka call (commit, dead-letter send, admin)
 * @param shutdownTimeout how long stopping waits for a handler that is still running
 * @param sessionTimeout how long the group waits for a silent member before giving its partitions
 *     to another: a replica killed without leaving its group (kill -9, a lost node) holds them that
 *     long, and its restarted self waits for them. Kafka's 45 s default kept a restarted service's
 *     views stale for half a minute (docs/reliability.md); heartbeats go every third of it
 */
@ConfigurationProperties("crescendo.consumer")
public record ConsumerProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue({"200ms", "1s", "5s"}) List<Duration> retryBackoffs,
    @DefaultValue("30s") Duration outageBackoffMax,
    @DefaultValue("1s") Duration pollTimeout,
    @DefaultValue("200") int maxPollRecords,
    @DefaultValue("15s") Duration kafkaTimeout,
    @DefaultValue("30s") Duration shutdownTimeout,
    @DefaultValue("10s") Duration sessionTimeout) {

  public ConsumerProperties {
    retryBackoffs = List.copyOf(retryBackoffs);
  }
}

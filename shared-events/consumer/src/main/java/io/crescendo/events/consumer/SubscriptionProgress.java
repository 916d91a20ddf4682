package io.crescendo.events.consumer;

import java.time.Duration;

/**
 * How far a subscription has got, for read-your-writes and diagnostics. Obtain it from {@link
 * EventConsumers#progress(String)}. Both methods block: call them off any Netty event loop (e.g.
 * {@code Mono.fromCallable(...).subscribeOn(Schedulers.boundedElastic())}).
 */
public interface SubscriptionProgress {

  /** The subscription's name. */
  String subscription();

  /**
   * Waits until every record that was in the subscribed topics when this method was called has been
   * applied (or skipped or parked) and its offset committed, by this replica or another one of the
   * same consumer group.
   *
   * <p>For a consumer that meets an unknown aggregate (a member it has not heard of): catch up
   * before refusing, since the event may simply not have been read yet.
   *
   * @return true once caught up; false if the timeout passed first or Kafka could not be asked
   */
  boolean awaitCaughtUp(Duration timeout);

  /**
   * The sequence number of the last event of this aggregate applied by the subscription, from
   * {@code consumed_event}; {@code -1} if none.
   */
  long appliedSequence(String subject);
}

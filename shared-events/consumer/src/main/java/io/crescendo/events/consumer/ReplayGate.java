package io.crescendo.events.consumer;

import io.crescendo.events.kafka.EventEnvelope;

/**
 * Holds a replay at the point live consumption has reached, so that the replayed tables and the
 * live ones hold the same events and can be compared row by row: an event is replayed only if the
 * live subscription has already applied it (or skipped it as a duplicate). At the first event of a
 * partition that the live subscription has not reached, that subscription stops replaying the
 * partition: live consumption applies a partition in order, so nothing after it was applied either.
 * See {@link SubscriptionReplay#appliedIn(String)}.
 */
@FunctionalInterface
public interface ReplayGate {

  /** Whether live consumption of the subscription is past this event. */
  boolean passed(String subscription, EventEnvelope event);
}

package io.crescendo.events.consumer;

/**
 * What a {@link SubscriptionReplay} did with the records of one subscription's topics.
 *
 * @param applied events claimed in {@code consumed_event} and handed to the handler
 * @param duplicates events skipped because the aggregate already had this or a later sequence (the
 *     publisher's at-least-once duplicates, redeliveries)
 * @param unknownType records of a type this build does not know, skipped as live consumption does
 * @param malformed records that do not decode; live consumption parks them on the dead-letter topic
 * @param parked records the live subscription parked on its dead-letter topic (its handler kept
 *     failing), skipped so that the replay ends where live consumption did
 * @param notYetLive events left out because the live subscription had not applied them yet (a
 *     replay up to where live consumption stands, {@link ReplayGate})
 */
public record ReplayCounts(
    long applied, long duplicates, long unknownType, long malformed, long parked, long notYetLive) {

  public static final ReplayCounts NONE = new ReplayCounts(0, 0, 0, 0, 0, 0);

  /** Every record of the subscription's topics that was read. */
  public long records() {
    return applied + duplicates + unknownType + malformed + parked + notYetLive;
  }

  public ReplayCounts plus(ReplayCounts other) {
    return new ReplayCounts(
        applied + other.applied,
        duplicates + other.duplicates,
        unknownType + other.unknownType,
        malformed + other.malformed,
        parked + other.parked,
        notYetLive + other.notYetLive);
  }
}

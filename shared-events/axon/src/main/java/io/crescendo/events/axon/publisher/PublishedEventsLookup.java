package io.crescendo.events.axon.publisher;

import java.time.Instant;
import java.util.Set;

/** Tells which events are already on a topic, so that a retried batch does not send them again. */
@FunctionalInterface
public interface PublishedEventsLookup {

  /**
   * The events among {@code wanted} (by {@code ce_id}) found in the records of {@code topic}
   * stamped {@code since} or later, up to the end of the topic as of the call.
   *
   * @throws EventPublicationException if the topic cannot be read: never answer "not published"
   *     without having looked
   */
  Found find(String topic, Instant since, Set<String> wanted);

  /**
   * @param ids the wanted ids found on the topic
   * @param recordsRead how many records were read to find them
   */
  record Found(Set<String> ids, long recordsRead) {}
}

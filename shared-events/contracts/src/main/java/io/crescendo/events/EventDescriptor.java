package io.crescendo.events;

import java.util.Objects;

/**
 * One entry of the {@link EventCatalog}: an event class, its CloudEvents type and its topic.
 *
 * @param type CloudEvents type, {@code crescendo.<context>.<SimpleName>.v<major>}
 * @param eventClass the record the JSON payload maps to
 * @param topic the topic the event is published on
 */
public record EventDescriptor(
    String type, Class<? extends PublicEvent> eventClass, TopicSpec topic) {

  public EventDescriptor {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(eventClass, "eventClass");
    Objects.requireNonNull(topic, "topic");
  }
}

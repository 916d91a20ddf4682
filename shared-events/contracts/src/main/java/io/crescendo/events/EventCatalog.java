package io.crescendo.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps every public event class to its CloudEvents type and topic, and back.
 *
 * <p>Derived from the {@link TopicSpec}s so that registering an event on a topic is all it takes.
 * The type is {@code crescendo.<context>.<SimpleName>.v<major>}: the context comes from the topic
 * name, the major version from {@link EventVersion} (1 when absent).
 */
public final class EventCatalog {

  /** What every CloudEvents type of Crescendo looks like. */
  public static final Pattern TYPE_PATTERN =
      Pattern.compile("crescendo\\.[a-z][a-z0-9]*\\.[A-Z][A-Za-z0-9]*\\.v[1-9][0-9]*");

  private static final EventCatalog STANDARD = new EventCatalog(Topics.all());

  private final List<EventDescriptor> events;
  private final Map<String, EventDescriptor> byType = new HashMap<>();
  private final Map<Class<? extends PublicEvent>, EventDescriptor> byClass = new HashMap<>();

  /**
   * Builds a catalog from topics.
   *
   * @throws IllegalArgumentException if an event class is on two topics, or two classes share a
   *     type
   */
  public EventCatalog(Collection<TopicSpec> topics) {
    List<EventDescriptor> all = new ArrayList<>();
    for (TopicSpec topic : topics) {
      for (Class<? extends PublicEvent> eventClass : topic.events()) {
        EventDescriptor descriptor =
            new EventDescriptor(typeOf(topic.context(), eventClass), eventClass, topic);
        if (byClass.putIfAbsent(eventClass, descriptor) != null) {
          throw new IllegalArgumentException(
              eventClass.getName() + " is registered on more than one topic");
        }
        EventDescriptor clash = byType.putIfAbsent(descriptor.type(), descriptor);
        if (clash != null) {
          throw new IllegalArgumentException(
              "Event type "
                  + descriptor.type()
                  + " is used by both "
                  + clash.eventClass().getName()
                  + " and "
                  + eventClass.getName());
        }
        all.add(descriptor);
      }
    }
    this.events = List.copyOf(all);
  }

  /** The catalog of {@link Topics#all()}. */
  public static EventCatalog standard() {
    return STANDARD;
  }

  /** Every registered event, in topic then registration order. */
  public List<EventDescriptor> events() {
    return events;
  }

  /**
   * Looks up an event by CloudEvents type.
   *
   * @throws UnknownEventTypeException if no event has this type
   */
  public EventDescriptor byType(String type) {
    return findByType(type).orElseThrow(() -> new UnknownEventTypeException(type));
  }

  /** Looks up an event by CloudEvents type, empty if unknown. */
  public Optional<EventDescriptor> findByType(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  /**
   * Looks up an event by class.
   *
   * @throws IllegalArgumentException if the class is on no topic: a programming error on the
   *     producing side, not a data problem
   */
  public EventDescriptor byClass(Class<? extends PublicEvent> eventClass) {
    EventDescriptor descriptor = byClass.get(Objects.requireNonNull(eventClass, "eventClass"));
    if (descriptor == null) {
      throw new IllegalArgumentException(
          eventClass.getName() + " is not registered on any topic in Topics");
    }
    return descriptor;
  }

  private static String typeOf(String context, Class<? extends PublicEvent> eventClass) {
    EventVersion version = eventClass.getAnnotation(EventVersion.class);
    String type =
        "crescendo.%s.%s.v%d"
            .formatted(context, eventClass.getSimpleName(), version == null ? 1 : version.value());
    if (!TYPE_PATTERN.matcher(type).matches()) {
      throw new IllegalArgumentException("Invalid event type " + type + " for " + eventClass);
    }
    return type;
  }
}

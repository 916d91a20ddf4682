package io.crescendo.events.consumer;

import io.crescendo.events.TopicSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A service's standing interest in public topics: declare one as a bean and the {@link
 * EventConsumers} run it.
 *
 * <pre>{@code
 * @Bean
 * EventSubscription users(UserNames userNames) {
 *   return EventSubscription.builder("study-service.users")
 *       .topics(Topics.IDENTITY_USER)
 *       .handler(userNames::apply)
 *       .build();
 * }
 * }</pre>
 *
 * <p>The name is the Kafka consumer group, the key of its rows in {@code consumed_event} and the
 * prefix of its dead-letter topic ({@code <name>.dlt}). Renaming a subscription therefore starts it
 * over from the beginning of its topics: choose {@code <service>.<read model>} and keep it.
 *
 * @param name consumer group id, e.g. {@code study-service.users}
 * @param topics the topics read, created idempotently at start if missing
 * @param handler applies each event inside the subscription's transaction
 */
public record EventSubscription(String name, List<TopicSpec> topics, EventHandler handler) {

  /** Valid as a Kafka group id and, with {@code .dlt} appended, as a topic name. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,239}");

  public EventSubscription {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Subscription name must be lower-case letters, digits, '.', '_' or '-': " + name);
    }
    topics = List.copyOf(new LinkedHashSet<>(topics));
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("Subscription " + name + " reads no topic");
    }
    Objects.requireNonNull(handler, "handler");
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The dead-letter topic of this subscription: {@code <name>.dlt}. */
  public String deadLetterTopic() {
    return name + ".dlt";
  }

  /** The names of the topics read. */
  public List<String> topicNames() {
    return topics.stream().map(TopicSpec::name).toList();
  }

  /** Builds an {@link EventSubscription}. */
  public static final class Builder {

    private final String name;
    private final List<TopicSpec> topics = new ArrayList<>();
    private EventHandler handler;

    private Builder(String name) {
      this.name = name;
    }

    public Builder topics(TopicSpec... topics) {
      this.topics.addAll(List.of(topics));
      return this;
    }

    public Builder handler(EventHandler handler) {
      this.handler = handler;
      return this;
    }

    public EventSubscription build() {
      return new EventSubscription(name, topics, handler);
    }
  }
}

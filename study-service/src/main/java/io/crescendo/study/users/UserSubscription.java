package io.crescendo.study.users;

import io.crescendo.events.Topics;
import io.crescendo.events.consumer.EventConsumers;
import io.crescendo.events.consumer.EventSubscription;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** study-service's subscription to the identity events, and the catch-up it offers readers. */
@Configuration
class UserSubscription {

  /** The consumer group; renaming it reads the topic again from the start. */
  static final String NAME = "study-service.users";

  @Bean
  EventSubscription studyServiceUsers(UserEvents events) {
    return EventSubscription.builder(NAME)
        .topics(Topics.IDENTITY_USER)
        .handler(events::apply)
        .build();
  }

  @Bean
  UserFeed userFeed(ObjectProvider<EventConsumers> consumers) {
    return timeout -> {
      EventConsumers running = consumers.getIfAvailable();
      return running != null && running.progress(NAME).awaitCaughtUp(timeout);
    };
  }
}

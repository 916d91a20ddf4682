package io.crescendo.assignment.studies;

import io.crescendo.events.Topics;
import io.crescendo.events.consumer.EventConsumers;
import io.crescendo.events.consumer.EventSubscription;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** assignment-service's subscriptions to the study and identity events. */
@Configuration
class StudySubscriptions {

  /** The consumer groups; renaming one reads its topic again from the start. */
  static final String STUDIES = "assignment-service.studies";

  static final String USERS = "assignment-service.users";

  @Bean
  EventSubscription assignmentServiceStudies(StudyEvents events) {
    return EventSubscription.builder(STUDIES)
        .topics(Topics.STUDY_STUDYGROUP)
        .handler(events::apply)
        .build();
  }

  @Bean
  EventSubscription assignmentServiceUsers(StudyEvents events) {
    return EventSubscription.builder(USERS)
        .topics(Topics.IDENTITY_USER)
        .handler(events::apply)
        .build();
  }

  @Bean
  StudyFeed studyFeed(ObjectProvider<EventConsumers> consumers) {
    return timeout -> {
      EventConsumers running = consumers.getIfAvailable();
      return running != null && running.progress(STUDIES).awaitCaughtUp(timeout);
    };
  }
}

package io.crescendo.search.projection;

import io.crescendo.events.Topics;
import io.crescendo.events.consumer.EventSubscription;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * search-service's subscriptions; the names are the consumer groups, keep them stable. The
 * projection itself is the handler (not {@code projection::apply}), so that replays hand it whole
 * transactions ({@code EventHandler.handleAll}).
 */
@Configuration(proxyBeanMethods = false)
class Subscriptions {

  static final String USERS = "search-service.users";
  static final String STUDIES = "search-service.studies";
  static final String ASSIGNMENTS = "search-service.assignments";

  @Bean
  EventSubscription searchServiceUsers(ReadModelProjection projection) {
    return EventSubscription.builder(USERS)
        .topics(Topics.IDENTITY_USER)
        .handler(projection)
        .build();
  }

  @Bean
  EventSubscription searchServiceStudies(ReadModelProjection projection) {
    return EventSubscription.builder(STUDIES)
        .topics(Topics.STUDY_STUDYGROUP)
        .handler(projection)
        .build();
  }

  /**
   * Both topics of assignment-service: subjects are assignment or submission ids (one sequence).
   */
  @Bean
  EventSubscription searchServiceAssignments(ReadModelProjection projection) {
    return EventSubscription.builder(ASSIGNMENTS)
        .topics(Topics.ASSIGNMENT_ASSIGNMENT, Topics.ASSIGNMENT_SUBMISSION)
        .handler(projection)
        .build();
  }
}

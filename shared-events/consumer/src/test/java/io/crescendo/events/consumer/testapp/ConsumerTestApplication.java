package io.crescendo.events.consumer.testapp;

import io.crescendo.events.TopicSpec;
import io.crescendo.events.Topics;
import io.crescendo.events.consumer.EventSubscription;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A minimal reading service: one subscription ({@code test.subscription}) on one topic ({@code
 * test.topic}, 3 partitions) feeding {@link AppliedEvents}.
 */
@SpringBootApplication
public class ConsumerTestApplication {

  @Bean
  AppliedEvents appliedEvents(JdbcClient jdbc) {
    return new AppliedEvents(jdbc);
  }

  @Bean
  EventSubscription testSubscription(AppliedEvents appliedEvents, Environment environment) {
    var topic =
        new TopicSpec(environment.getRequiredProperty("test.topic"), 3, Topics.CONFIGS, List.of());
    return EventSubscription.builder(environment.getRequiredProperty("test.subscription"))
        .topics(topic)
        .handler(appliedEvents::apply)
        .build();
  }
}

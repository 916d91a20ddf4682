package io.crescendo.events.axon.testapp;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A minimal write service: one aggregate, the shared event store and the Kafka publisher. */
@SpringBootApplication
public class PublisherTestApplication {

  /** Services get theirs from service-web; this test app has no web layer. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}

package io.crescendo.web.connection;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** Keeps kept-alive connections healthy: see {@link UnreadBodyDrainFilter}. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ConnectionAutoConfiguration {

  @Bean
  UnreadBodyDrainFilter unreadBodyDrainFilter() {
    return new UnreadBodyDrainFilter();
  }
}

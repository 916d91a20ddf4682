package io.crescendo.events.axon.consistency;

import io.crescendo.events.EventCatalog;
import io.crescendo.events.axon.store.EventStoreAutoConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

/**
 * Read-your-writes, write side: every response of a request that stored public events carries their
 * {@link io.crescendo.events.kafka.ConsistencyToken}. See docs/consistency.md.
 */
@AutoConfiguration(after = EventStoreAutoConfiguration.class)
@ConditionalOnBean(EventStore.class)
public class ConsistencyAutoConfiguration {

  @Bean
  SmartInitializingSingleton writtenEventsInterceptorRegistration(EventStore eventStore) {
    return () ->
        eventStore.registerDispatchInterceptor(
            new WrittenEventsInterceptor(EventCatalog.standard()));
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(WebFilter.class)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  static class WebConfiguration {

    @Bean
    ConsistencyTokenWebFilter consistencyTokenWebFilter() {
      return new ConsistencyTokenWebFilter();
    }
  }
}

package io.crescendo.events.consumer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Runs the service's {@link EventSubscription} beans ({@link EventConsumers}) against {@code
 * crescendo.kafka.bootstrap-servers} and the service's JDBC {@code DataSource}.
 */
@AutoConfiguration(
    after = {
      DataSourceAutoConfiguration.class,
      DataSourceTransactionManagerAutoConfiguration.class
    })
@ConditionalOnBooleanProperty(name = "crescendo.consumer.enabled", matchIfMissing = true)
@ConditionalOnBean(EventSubscription.class)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(ConsumerProperties.class)
public class EventConsumerAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public EventConsumers eventConsumers(
      ObjectProvider<EventSubscription> subscriptions,
      DataSource dataSource,
      ObjectProvider<PlatformTransactionManager> transactionManagers,
      ConsumerProperties properties,
      @Value("${crescendo.kafka.bootstrap-servers:127.0.0.1:9092}") String bootstrapServers,
      ObjectProvider<Tracer> tracer,
      ObjectProvider<Propagator> propagator) {
    // The service's (primary) transaction manager, so that handlers share it; any JDBC manager on
    // the same DataSource would do, since transactions are bound per DataSource.
    PlatformTransactionManager transactionManager =
        transactionManagers.getIfUnique(() -> new JdbcTransactionManager(dataSource));
    RecordTracing tracing =
        tracer.getIfAvailable() != null && propagator.getIfAvailable() != null
            ? RecordTracing.of(tracer.getObject(), propagator.getObject())
            : RecordTracing.NONE;
    return new EventConsumers(
        subscriptions.orderedStream().toList(),
        bootstrapServers,
        properties,
        dataSource,
        transactionManager,
        tracing);
  }

  /** {@code crescendo.consumer.lag{subscription}}: the lag of each read model on this replica. */
  @Bean
  public MeterBinder consumerLagGauges(EventConsumers consumers) {
    return registry -> {
      for (String subscription : consumers.subscriptions()) {
        Gauge.builder("crescendo.consumer.lag", () -> consumers.lag(subscription))
            .description("Records of the subscription's partitions not yet read here")
            .baseUnit("records")
            .tag("subscription", subscription)
            .register(registry);
      }
    };
  }
}

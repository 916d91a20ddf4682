package io.crescendo.events.axon.store;

import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.axonframework.springboot.TokenStoreProperties;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon's event store, token store and transaction manager on the service's PostgreSQL database.
 *
 * <p>Everything is declared explicitly: under Spring Boot 4, Axon's own auto-configuration orders
 * itself against Boot 3 class names, so it would silently fall back to a no-op transaction manager
 * and, without a {@code DataSource} at condition time, to in-memory stores. The event store is also
 * the outbox from which public events reach Kafka.
 */
@AutoConfiguration(
    after = DataSourceAutoConfiguration.class,
    before = {
      DataSourceTransactionManagerAutoConfiguration.class,
      JdbcAutoConfiguration.class,
      NoOpTransactionAutoConfiguration.class,
      AxonAutoConfiguration.class
    })
@EnableConfigurationProperties({EventStoreProperties.class, TokenStoreProperties.class})
public class EventStoreAutoConfiguration {

  @Bean
  @Primary
  public PlatformTransactionManager transactionManager(DataSource dataSource) {
    return new JdbcTransactionManager(dataSource);
  }

  @Bean
  public TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
    return new SpringTransactionManager(transactionManager);
  }

  @Bean
  public ConnectionProvider axonConnectionProvider(DataSource dataSource) {
    return new UnitOfWorkAwareConnectionProviderWrapper(
        new SpringDataSourceConnectionProvider(dataSource));
  }

  @Bean
  public EventSchema eventSchema() {
    return EventSchema.builder()
        .eventTable("domain_event_entry")
        .snapshotTable("snapshot_event_entry")
        .globalIndexColumn("global_index")
        .timestampColumn("time_stamp")
        .eventIdentifierColumn("event_identifier")
        .aggregateIdentifierColumn("aggregate_identifier")
        .sequenceNumberColumn("sequence_number")
        .typeColumn("type")
        .payloadTypeColumn("payload_type")
        .payloadRevisionColumn("payload_revision")
        .payloadColumn("payload")
        .metaDataColumn("meta_data")
        .build();
  }

  @Bean
  public TokenSchema tokenSchema() {
    return TokenSchema.builder()
        .setTokenTable("token_entry")
        .setProcessorNameColumn("processor_name")
        .setSegmentColumn("segment")
        .setTokenColumn("token")
        .setTokenTypeColumn("token_type")
        .setTimestampColumn("timestamp")
        .setOwnerColumn("owner")
        .build();
  }

  @Bean
  public PersistenceExceptionResolver persistenceExceptionResolver() {
    return new JdbcSQLErrorCodesResolver();
  }

  @Bean
  public EventStorageEngine eventStorageEngine(
      Serializer defaultSerializer,
      @Qualifier("eventSerializer") Serializer eventSerializer,
      PersistenceExceptionResolver persistenceExceptionResolver,
      Configuration configuration,
      ConnectionProvider connectionProvider,
      TransactionManager transactionManager,
      EventSchema eventSchema) {
    return JdbcEventStorageEngine.builder()
        .snapshotSerializer(defaultSerializer)
        .eventSerializer(eventSerializer)
        .upcasterChain(configuration.upcasterChain())
        .snapshotFilter(configuration.snapshotFilter())
        .persistenceExceptionResolver(persistenceExceptionResolver)
        .connectionProvider(connectionProvider)
        .transactionManager(transactionManager)
        .schema(eventSchema)
        .build();
  }

  @Bean(name = "eventBus")
  public EventStore eventStore(
      EventStorageEngine storageEngine,
      Configuration configuration,
      EventStoreProperties properties) {
    return EmbeddedEventStore.builder()
        .storageEngine(storageEngine)
        .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
        .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
        .fetchDelay(properties.fetchDelay().toMillis())
        .timeUnit(TimeUnit.MILLISECONDS)
        .cachedEvents(properties.cachedEvents())
        .build();
  }

  @Bean
  public TokenStore tokenStore(
      ConnectionProvider connectionProvider,
      Serializer serializer,
      TokenSchema tokenSchema,
      TokenStoreProperties tokenStoreProperties) {
    return JdbcTokenStore.builder()
        .connectionProvider(connectionProvider)
        .schema(tokenSchema)
        .serializer(serializer)
        .claimTimeout(tokenStoreProperties.getClaimTimeout())
        .build();
  }
}

package io.crescendo.events.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crescendo.events.axon.publisher.KafkaEventPublisher;
import io.crescendo.events.axon.testapp.Member;
import io.crescendo.events.axon.testapp.PublisherTestApplication;
import io.crescendo.local.test.CrescendoInfrastructure;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Fails when Axon quietly runs on in-memory pieces: an in-memory token store, a {@code
 * SimpleEventBus} without storage, or a no-op transaction manager.
 */
@SpringBootTest(classes = PublisherTestApplication.class)
@CrescendoInfrastructure(database = "eventstore_wiring")
class EventStoreWiringTest {

  @Autowired EventStore eventStore;
  @Autowired EventStorageEngine storageEngine;
  @Autowired TokenStore tokenStore;
  @Autowired TransactionManager axonTransactionManager;
  @Autowired PlatformTransactionManager platformTransactionManager;
  @Autowired EventProcessingConfiguration processing;
  @Autowired CommandGateway commands;
  @Autowired JdbcClient jdbc;

  @Test
  void axonRunsOnTheJdbcEventStoreTokenStoreAndARealTransactionManager() {
    assertThat(eventStore).isInstanceOf(EmbeddedEventStore.class);
    assertThat(storageEngine).isInstanceOf(JdbcEventStorageEngine.class);
    assertThat(tokenStore).isInstanceOf(JdbcTokenStore.class);
    assertThat(axonTransactionManager).isInstanceOf(SpringTransactionManager.class);
    assertThat(platformTransactionManager).isInstanceOf(JdbcTransactionManager.class);
    assertThat(processing.eventProcessor(KafkaEventPublisher.PROCESSING_GROUP))
        .get()
        .isInstanceOf(TrackingEventProcessor.class);
  }

  @Test
  void eventsAndTokensArePersistedInPostgresql() {
    UUID id = UUID.randomUUID();
    commands.sendAndWait(new Member.Join(id, id + "@example.com", false));

    long stored =
        jdbc.sql("select count(*) from domain_event_entry where aggregate_identifier = ?")
            .param(id.toString())
            .query(Long.class)
            .single();
    assertThat(stored).isEqualTo(2);
    long tokens =
        jdbc.sql("select count(*) from token_entry where processor_name = ?")
            .param(KafkaEventPublisher.PROCESSING_GROUP)
            .query(Long.class)
            .single();
    assertThat(tokens).isPositive();
  }

  @Test
  void aFailingCommandRollsBackItsClaimAndItsEvents() {
    UUID id = UUID.randomUUID();
    String email = id + "@example.com";

    assertThatThrownBy(() -> commands.sendAndWait(new Member.Join(id, email, true)))
        .isInstanceOf(IllegalStateException.class);

    assertThat(
            jdbc.sql("select count(*) from member_claim where email = ?")
                .param(email)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            jdbc.sql("select count(*) from domain_event_entry where aggregate_identifier = ?")
                .param(id.toString())
                .query(Long.class)
                .single())
        .isZero();
  }
}

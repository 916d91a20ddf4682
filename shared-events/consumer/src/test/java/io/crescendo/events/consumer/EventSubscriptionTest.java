package io.crescendo.events.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.crescendo.events.Topics;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

class EventSubscriptionTest {

  private static final EventHandler IGNORE = event -> {};

  @Test
  void theNameGivesTheGroupAndTheDeadLetterTopic() {
    var subscription =
        EventSubscription.builder("study-service.users")
            .topics(Topics.IDENTITY_USER, Topics.IDENTITY_USER)
            .handler(IGNORE)
            .build();

    assertThat(subscription.deadLetterTopic()).isEqualTo("study-service.users.dlt");
    assertThat(subscription.topicNames()).containsExactly("crescendo.identity.user.v1");
  }

  @Test
  void refusesNamesThatAreNoKafkaGroupOrTopicAndSubscriptionsWithoutTopics() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                EventSubscription.builder("Study Service")
                    .topics(Topics.IDENTITY_USER)
                    .handler(IGNORE)
                    .build());
    assertThatIllegalArgumentException()
        .isThrownBy(() -> EventSubscription.builder("study-service.users").handler(IGNORE).build());
  }

  @Test
  void aDatabaseOutageIsToldApartFromAFailingHandler() {
    assertThat(
            SubscriptionConsumer.isDatabaseOutage(
                new CannotCreateTransactionException(
                    "no connection",
                    new CannotGetJdbcConnectionException(
                        "refused", new SQLException("refused", "08001")))))
        .isTrue();
    assertThat(
            SubscriptionConsumer.isDatabaseOutage(
                new RuntimeException(new SQLException("terminated", "08006"))))
        .isTrue();
    assertThat(
            SubscriptionConsumer.isDatabaseOutage(
                new DataIntegrityViolationException(
                    "duplicate key", new SQLException("", "23505"))))
        .isFalse();
    assertThat(
            SubscriptionConsumer.isDatabaseOutage(
                new IllegalStateException(new ConnectException())))
        .isFalse();
  }
}

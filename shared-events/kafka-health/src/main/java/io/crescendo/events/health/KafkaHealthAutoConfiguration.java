package io.crescendo.events.health;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;

/**
 * Adds the {@code kafka} component to {@code /actuator/health} of every service that has {@code
 * crescendo.kafka.bootstrap-servers} (the publisher's and the consumer's cluster) and Actuator's
 * health.
 *
 * <p>It is deliberately in no probe group: Spring Boot's {@code readiness} and {@code liveness}
 * groups hold only {@code readinessState} and {@code livenessState}, and nothing adds {@code kafka}
 * to them. A Kafka outage does not stop a service from doing its job: writes still land in the Axon
 * event store, which is the outbox (the publisher sends them once the broker is back), reads come
 * from PostgreSQL, and consumers resume from their committed offsets. Taking every pod out of
 * readiness would turn a broker outage into a total HTTP outage, and failing liveness would restart
 * pods that cannot fix the broker. {@code /actuator/health} reports it; {@code
 * crescendo_publisher_lag_events} and {@code crescendo_consumer_lag_records} show its effect.
 */
@AutoConfiguration(before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass({ReactiveHealthIndicator.class, Mono.class})
@ConditionalOnProperty(prefix = "crescendo.kafka", name = "bootstrap-servers")
@ConditionalOnEnabledHealthIndicator("kafka")
@EnableConfigurationProperties(KafkaHealthProperties.class)
public class KafkaHealthAutoConfiguration {

  /** Named {@code kafkaHealthIndicator}: Actuator shows it as {@code kafka}. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
  public KafkaHealthIndicator kafkaHealthIndicator(
      @Value("${crescendo.kafka.bootstrap-servers}") String bootstrapServers,
      @Value("${spring.application.name:crescendo}") String applicationName,
      KafkaHealthProperties properties) {
    return new KafkaHealthIndicator(
        bootstrapServers, applicationName + "-health", properties.timeout());
  }
}

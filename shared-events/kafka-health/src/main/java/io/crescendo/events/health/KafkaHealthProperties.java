package io.crescendo.events.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code kafka} health check ({@code management.health.kafka.*}; {@code
 * management.health.kafka.enabled=false} turns it off, as for Spring Boot's own indicators).
 *
 * @param timeout how long a check waits for the cluster's answer before it reports DOWN
 */
@ConfigurationProperties("management.health.kafka")
public record KafkaHealthProperties(@DefaultValue("2s") Duration timeout) {}

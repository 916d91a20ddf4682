package io.crescendo.events.axon.publisher;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how a service publishes its public events.
 *
 * @param bootstrapServers the Kafka cluster
 * @param source the CloudEvents {@code source} of every record, e.g. {@code
 *     /crescendo/identity-service}
 * @param ackTimeout how long a batch waits for the broker's acknowledgement before it is retried
 * @param segments initial segments of the publishing processor (replicas share them)
 * @param batchSize events handled per transaction of the publishing processor
 */
@ConfigurationProperties("crescendo.kafka")
public record KafkaPublisherProperties(
    @DefaultValue("127.0.0.1:9092") String bootstrapServers,
    String source,
    @DefaultValue("15s") Duration ackTimeout,
    @DefaultValue("4") int segments,
    @DefaultValue("200") int batchSize) {}

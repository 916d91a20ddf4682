package io.crescendo.events.axon.store;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the JDBC event store.
 *
 * @param fetchDelay how often a processor polls for events committed by another JVM (Axon's 1 s
 *     default makes cross-replica lag visible to users)
 * @param cachedEvents events kept in memory so that processors of this JVM share one reader
 */
@ConfigurationProperties("crescendo.event-store")
public record EventStoreProperties(
    @DefaultValue("100ms") Duration fetchDelay, @DefaultValue("10000") int cachedEvents) {}

package io.crescendo.events;

/**
 * An event that a service publishes to Kafka for other teams: its JSON shape is a contract.
 *
 * <p>Implementations are records grouped by publishing context under a sealed interface (see {@link
 * io.crescendo.events.identity.IdentityEvent}) and registered on a topic in {@link Topics}.
 * Internal events of a service (password hashes, refresh tokens, ...) never implement this
 * interface, so they cannot be handed to the Kafka codec by mistake.
 */
public interface PublicEvent {}

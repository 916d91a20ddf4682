package io.crescendo.events.identity;

import io.crescendo.events.PublicEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * Public events of the identity context about a user account, published by identity-service on
 * {@link io.crescendo.events.Topics#IDENTITY_USER}, keyed by {@link #userId()}.
 *
 * <p>Sealed so that a new event must be listed here, and a test checks that every permitted event
 * is registered on a topic.
 */
public sealed interface IdentityEvent extends PublicEvent
    permits UserRegistered, UsernameChanged, UserDeleted {

  /** The account the event is about: the aggregate id and the Kafka record key. */
  UUID userId();

  /** When it happened on the write side. */
  Instant occurredAt();
}

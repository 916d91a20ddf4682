package io.crescendo.identity.api;

import java.util.UUID;

/**
 * Internal event: the account's password hash. It is not a {@code PublicEvent}, so it stays in
 * identity's event store and never reaches Kafka.
 */
public record PasswordSet(UUID userId, String passwordHash) {}

package io.crescendo.identity.projection;

import java.time.Instant;
import java.util.UUID;

/** An account as identity reads it: the public profile plus the password hash (may be null). */
public record UserAccount(
    UUID userId,
    String email,
    String username,
    String passwordHash,
    Instant createdAt,
    Instant updatedAt) {}

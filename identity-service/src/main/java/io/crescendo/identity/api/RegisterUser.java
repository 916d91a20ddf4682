package io.crescendo.identity.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Opens an account. {@code passwordHash} is an Argon2id hash, or null for an account created by
 * Google login (it has no usable password).
 */
public record RegisterUser(
    @TargetAggregateIdentifier UUID userId, String email, String username, String passwordHash) {}

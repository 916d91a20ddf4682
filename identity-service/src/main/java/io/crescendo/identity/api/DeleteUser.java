package io.crescendo.identity.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteUser(@TargetAggregateIdentifier UUID userId) {}

package io.crescendo.identity.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ChangeUsername(@TargetAggregateIdentifier UUID userId, String username) {}

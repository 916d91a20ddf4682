package io.crescendo.assignment.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The leader deletes an assignment (its submissions follow, see {@code Cascade}). */
public record DeleteAssignment(
    @TargetAggregateIdentifier long assignmentId, UUID studyId, UUID callerId) {}

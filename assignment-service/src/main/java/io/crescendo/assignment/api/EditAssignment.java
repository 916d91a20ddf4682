package io.crescendo.assignment.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The leader edits an assignment: PUT ({@code partial} false, both fields required) or PATCH
 * ({@code partial} true, a null field keeps its value).
 */
public record EditAssignment(
    @TargetAggregateIdentifier long assignmentId,
    UUID studyId,
    UUID callerId,
    String title,
    String content,
    boolean partial) {}

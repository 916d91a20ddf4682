package io.crescendo.assignment.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The author edits a submission: PUT ({@code partial} false) or PATCH ({@code partial} true, a null
 * field keeps its value).
 */
public record EditSubmission(
    @TargetAggregateIdentifier long submissionId,
    long assignmentId,
    UUID studyId,
    UUID callerId,
    String title,
    String content,
    boolean partial) {}

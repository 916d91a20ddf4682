package io.crescendo.assignment.api;

import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The author or the study's leader deletes a submission. */
public record DeleteSubmission(
    @TargetAggregateIdentifier long submissionId, long assignmentId, UUID studyId, UUID callerId) {}

package io.crescendo.assignment.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The submission goes with its assignment, its study or its author's account: no caller, no checks.
 */
public record DiscardSubmission(@TargetAggregateIdentifier long submissionId) {}

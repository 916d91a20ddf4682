package io.crescendo.assignment.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The assignment goes with its deleted study: no caller, no checks. */
public record DiscardAssignment(@TargetAggregateIdentifier long assignmentId) {}

package io.crescendo.assignment.api;

import java.util.UUID;

/** The leader posts an assignment; {@code assignmentId} was allocated by the caller. */
public record CreateAssignment(
    long assignmentId, UUID studyId, UUID callerId, String title, String content) {}

package io.crescendo.assignment.api;

import java.util.UUID;

/** A member submits for an assignment; {@code submissionId} was allocated by the caller. */
public record SubmitWork(
    long submissionId,
    long assignmentId,
    UUID studyId,
    UUID callerId,
    String title,
    String content) {}

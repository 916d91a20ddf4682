package io.crescendo.study.users;

import java.util.UUID;

/** A user as study-service shows them: a study's leader (API-v1 §3, Leader). */
public record StudyUser(UUID id, String email, String username) {}

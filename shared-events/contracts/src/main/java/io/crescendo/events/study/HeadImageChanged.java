package io.crescendo.events.study;

import io.crescendo.events.Nullable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The leader replaced or removed the study's head image.
 *
 * @param headImage stored name of the new image, or null when the image was removed (the default
 *     picture is shown again)
 */
public record HeadImageChanged(UUID studyId, @Nullable String headImage, Instant occurredAt)
    implements StudyGroupEvent {

  public HeadImageChanged {
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}

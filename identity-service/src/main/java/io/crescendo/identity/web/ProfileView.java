package io.crescendo.identity.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.crescendo.identity.projection.UserAccount;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;

/** The Profile object of API-v1 §3; datetimes in Asia/Seoul, as the original rendered them. */
record ProfileView(
    UUID uuid,
    String email,
    String username,
    @JsonProperty("created_at") OffsetDateTime createdAt,
    @JsonProperty("updated_at") OffsetDateTime updatedAt) {

  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

  static ProfileView of(UserAccount account) {
    return new ProfileView(
        account.userId(),
        account.email(),
        account.username(),
        account.createdAt().atZone(SEOUL).toOffsetDateTime(),
        account.updatedAt().atZone(SEOUL).toOffsetDateTime());
  }
}

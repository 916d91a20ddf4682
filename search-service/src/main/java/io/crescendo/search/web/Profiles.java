package io.crescendo.search.web;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The Profile (API-v1 §3) of a user shown inside an answer (member, applicant, author), from {@code
 * search_user} joined as {@code u}: so a username change shows everywhere at once. A user not (yet)
 * in the users view (its events lag the other topics) is shown with empty texts and the time given
 * as fallback, never with nulls.
 */
final class Profiles {

  private Profiles() {}

  /** {@code left join search_user u} on the user id column. */
  static String join(String userColumn) {
    return " left join search_user u on u.user_id = " + userColumn + " ";
  }

  /** The select list of the profile, read back by {@link #of}. */
  static String columns(String userColumn, String fallbackTime) {
    return """
        %1$s as profile_uuid, coalesce(u.email, '') as profile_email,
        coalesce(u.username, '') as profile_username,
        coalesce(u.created_at, %2$s) as profile_created_at,
        coalesce(u.updated_at, %2$s) as profile_updated_at
        """
        .formatted(userColumn, fallbackTime);
  }

  static Map<String, Object> of(Readable row) {
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("uuid", row.get("profile_uuid", UUID.class).toString());
    profile.put("email", row.get("profile_email", String.class));
    profile.put("username", row.get("profile_username", String.class));
    profile.put(
        "created_at", StudyRow.datetime(row.get("profile_created_at", OffsetDateTime.class)));
    profile.put(
        "updated_at", StudyRow.datetime(row.get("profile_updated_at", OffsetDateTime.class)));
    return profile;
  }
}

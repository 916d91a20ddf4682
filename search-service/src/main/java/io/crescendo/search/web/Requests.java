package io.crescendo.search.web;

import java.time.Clock;
import java.time.LocalDate;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * What the read controllers check alike ({@link StudyQuery#last} reads single-valued parameters).
 */
final class Requests {

  private static final Pattern CANONICAL_UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** A positive JSON-safe integer (API-v1 §1.1: ids ≤ 2^53−1), written canonically. */
  private static final Pattern POSITIVE_ID = Pattern.compile("[1-9][0-9]{0,15}");

  private static final long MAX_ID = (1L << 53) - 1;

  private Requests() {}

  /** "today" of every date rule: the service clock's date in Asia/Seoul (API-v1 §1.5). */
  static LocalDate today(Clock clock) {
    return LocalDate.now(clock.withZone(StudyRow.SEOUL));
  }

  /** Whether it is a study id in canonical lower-case form. */
  static boolean isStudyId(String raw) {
    return CANONICAL_UUID.matcher(raw).matches();
  }

  /** An assignment or submission id of the path; a malformed one is not found (404). */
  static long id(String raw) {
    if (!POSITIVE_ID.matcher(raw).matches() || Long.parseLong(raw) > MAX_ID) {
      throw notFound();
    }
    return Long.parseLong(raw);
  }

  static ResponseStatusException notFound() {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "Not found.");
  }
}

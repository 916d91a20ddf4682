package io.crescendo.assignment.web;

import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Path ids (API-v1 §1.1): a malformed id is answered like an unknown one, 404. */
final class Ids {

  private static final Pattern CANONICAL_UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern POSITIVE = Pattern.compile("[1-9][0-9]{0,15}");
  private static final long MAX_JSON_INTEGER = (1L << 53) - 1;

  private Ids() {}

  /** A study id in canonical lowercase form. */
  static UUID study(String text) {
    if (!CANONICAL_UUID.matcher(text).matches()) {
      throw notFound();
    }
    return UUID.fromString(text);
  }

  /** An assignment or submission id: a positive integer up to 2^53 - 1. */
  static long positive(String text) {
    if (!POSITIVE.matcher(text).matches()) {
      throw notFound();
    }
    long id = Long.parseLong(text);
    if (id > MAX_JSON_INTEGER) {
      throw notFound();
    }
    return id;
  }

  static ResponseStatusException notFound() {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "Not found.");
  }
}

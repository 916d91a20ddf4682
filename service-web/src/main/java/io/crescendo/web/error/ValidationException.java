package io.crescendo.web.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request failed validation; answered 400 {@code {"field": ["message", ...]}} (API-v1 §1.4).
 * Fields keep the order in which they were rejected: the frontend shows the first one.
 */
public class ValidationException extends RuntimeException {

  /** The key of errors that span fields or concern the state of the resource (API-v1 §1.4). */
  public static final String NON_FIELD_ERRORS = "non_field_errors";

  private final Map<String, List<String>> errors;

  public ValidationException(Map<String, List<String>> errors) {
    super("invalid request: " + errors.keySet());
    Map<String, List<String>> copy = new LinkedHashMap<>();
    errors.forEach((field, messages) -> copy.put(field, List.copyOf(messages)));
    this.errors = Collections.unmodifiableMap(copy);
  }

  public static ValidationException of(String field, String message) {
    return new ValidationException(Map.of(field, List.of(message)));
  }

  /** A rule spanning fields was broken: {@code {"non_field_errors": ["message"]}}. */
  public static ValidationException nonField(String message) {
    return of(NON_FIELD_ERRORS, message);
  }

  public Map<String, List<String>> errors() {
    return errors;
  }
}

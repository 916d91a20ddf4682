package io.crescendo.identity.web;

import java.util.List;
import java.util.Map;

/** A request failed field validation; rendered as {@code {"field": ["message", ...]}}. */
public class ValidationException extends RuntimeException {

  private final Map<String, List<String>> errors;

  public ValidationException(Map<String, List<String>> errors) {
    super("invalid request: " + errors.keySet());
    this.errors = Map.copyOf(errors);
  }

  public static ValidationException of(String field, String message) {
    return new ValidationException(Map.of(field, List.of(message)));
  }

  public Map<String, List<String>> errors() {
    return errors;
  }
}

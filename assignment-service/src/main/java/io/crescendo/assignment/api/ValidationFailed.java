package io.crescendo.assignment.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's input broke field rules or state rules. 400 with {@link #errors()} as the body:
 * {@code {"<field>": ["msg", ...]}} or {@code {"non_field_errors": ["msg"]}} (API-v1 §1.4), never
 * mixed.
 */
public abstract class ValidationFailed extends RuntimeException {

  /** The key of rules that concern the state of the study or assignment. */
  public static final String NON_FIELD_ERRORS = "non_field_errors";

  private final Map<String, List<String>> errors;

  protected ValidationFailed(Map<String, List<String>> errors) {
    super(errors.toString());
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("no errors");
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    errors.forEach((field, messages) -> copy.put(field, List.copyOf(messages)));
    this.errors = Collections.unmodifiableMap(copy);
  }

  /** Messages by contract field name, in a stable order. */
  public Map<String, List<String>> errors() {
    return errors;
  }
}

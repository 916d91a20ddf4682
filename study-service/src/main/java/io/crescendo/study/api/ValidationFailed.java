package io.crescendo.study.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's input broke field rules or cross-field/state rules. Maps to 400 with {@link
 * #errors()} as the body: {@code {"<field>": ["msg", ...]}} for field errors (several fields may be
 * listed) or {@code {"non_field_errors": ["msg"]}} (API-v1 §1.4). The two are never mixed: rules
 * spanning fields are only checked once every field is valid.
 */
public abstract class ValidationFailed extends RuntimeException {

  /** The key of rules that span fields or concern the study's state. */
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

  /** Messages by contract field name (snake_case, as in the HTTP body), in a stable order. */
  public Map<String, List<String>> errors() {
    return errors;
  }
}

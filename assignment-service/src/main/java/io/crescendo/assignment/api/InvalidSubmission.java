package io.crescendo.assignment.api;

import java.util.List;
import java.util.Map;

/**
 * A submission was refused (API-v1 §5.8.2): title/content field errors, or {@code non_field_errors}
 * when the caller already submitted or the study has not started yet.
 */
public class InvalidSubmission extends ValidationFailed {

  public InvalidSubmission(Map<String, List<String>> errors) {
    super(errors);
  }

  /** A refusal that concerns the state of the study or assignment, not the fields. */
  public static InvalidSubmission because(String message) {
    return new InvalidSubmission(Map.of(NON_FIELD_ERRORS, List.of(message)));
  }
}

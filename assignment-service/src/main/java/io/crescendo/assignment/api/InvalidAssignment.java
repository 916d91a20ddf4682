package io.crescendo.assignment.api;

import java.util.List;
import java.util.Map;

/** An assignment's title or content broke the rules (API-v1 §5.7.2). 400 field errors. */
public class InvalidAssignment extends ValidationFailed {

  public InvalidAssignment(Map<String, List<String>> errors) {
    super(errors);
  }
}

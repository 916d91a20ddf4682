package io.crescendo.study.api;

import java.util.List;
import java.util.Map;

/**
 * A study's details were refused on create or edit (API-v1 §5.3.2, §5.3.4): field errors such as
 * {@code post_title} or {@code member_limit}, or {@code non_field_errors} for the date order and an
 * edit of a closed study. 400 with {@link #errors()} as the body.
 */
public class InvalidStudyGroup extends ValidationFailed {

  public InvalidStudyGroup(Map<String, List<String>> errors) {
    super(errors);
  }
}

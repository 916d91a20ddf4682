package io.crescendo.study.api;

import java.util.List;
import java.util.Map;

/**
 * A join request was refused (API-v1 §5.6.2): {@code request_message} field errors, or {@code
 * non_field_errors} when the caller is already a member, already has a pending or rejected request,
 * or the study is closed. 400 with {@link #errors()} as the body.
 */
public class InvalidJoinRequest extends ValidationFailed {

  public InvalidJoinRequest(Map<String, List<String>> errors) {
    super(errors);
  }

  /** A refusal that concerns the study's state, not the message. */
  public static InvalidJoinRequest because(String message) {
    return new InvalidJoinRequest(Map.of(NON_FIELD_ERRORS, List.of(message)));
  }
}

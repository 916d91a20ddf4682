package io.crescendo.assignment.api;

/**
 * The caller lacks the role the command needs: not the study's leader, not a member, not the
 * submission's author. 403 {@code {"detail": ...}}.
 */
public class AccessRefused extends RuntimeException {

  public AccessRefused(String message) {
    super(message);
  }

  public static AccessRefused notTheLeader() {
    return new AccessRefused("Only the leader of this study may do this.");
  }

  public static AccessRefused notAMember() {
    return new AccessRefused("Only members of this study may do this.");
  }

  public static AccessRefused notTheAuthor() {
    return new AccessRefused("Only the author of this submission may do this.");
  }

  public static AccessRefused notTheAuthorOrLeader() {
    return new AccessRefused("Only the author of this submission or the leader may do this.");
  }
}

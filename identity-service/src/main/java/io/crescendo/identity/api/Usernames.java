package io.crescendo.identity.api;

/** The username rule shared by the web layer (field errors) and the aggregate (invariant). */
public final class Usernames {

  public static final int MAX_LENGTH = 64;

  private Usernames() {}

  /** The problem with the given username, or null when it is acceptable. */
  public static String problem(String username) {
    if (username == null || username.isBlank()) {
      return "This field may not be blank.";
    }
    if (username.strip().length() > MAX_LENGTH) {
      return "Ensure this field has no more than " + MAX_LENGTH + " characters.";
    }
    return null;
  }
}

package io.crescendo.identity.infra.token;

/** An access token and a refresh token, as answered by login, sign-up and refresh. */
public record TokenPair(String access, String refresh) {

  @Override
  public String toString() {
    return "TokenPair[redacted]";
  }
}

package io.crescendo.identity.api;

public class InvalidUsername extends RuntimeException {

  public InvalidUsername(String reason) {
    super(reason);
  }
}

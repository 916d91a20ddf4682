package io.crescendo.search.projection.rebuild;

/** A read-model rebuild could not be done; the live tables were left as they were. */
public class RebuildException extends RuntimeException {

  public RebuildException(String message) {
    super(message);
  }

  public RebuildException(String message, Throwable cause) {
    super(message, cause);
  }
}

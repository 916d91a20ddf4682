package io.crescendo.local.launcher;

/** A problem the user can fix (bad setting, port taken): one line, no stack trace. */
public final class LauncherException extends Exception {

  private final int exitCode;

  public LauncherException(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}

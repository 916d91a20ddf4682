package io.crescendo.assignment.api;

/**
 * The assignment or submission in the path is not part of that study (or, for a submission, of that
 * assignment): 404 (API-v1 §1.3 step 5, §8 #3).
 */
public class NotInThisStudy extends RuntimeException {

  public NotInThisStudy() {
    super("Not found.");
  }
}

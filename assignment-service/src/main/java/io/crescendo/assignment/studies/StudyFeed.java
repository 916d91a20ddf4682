package io.crescendo.assignment.studies;

import java.time.Duration;

/** The subscription that feeds {@link StudyRosterView}: lets a reader wait until it caught up. */
@FunctionalInterface
public interface StudyFeed {

  /** Waits until every study event published so far has been applied, at most {@code timeout}. */
  boolean awaitCaughtUp(Duration timeout);
}

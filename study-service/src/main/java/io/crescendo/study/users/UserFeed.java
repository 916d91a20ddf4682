package io.crescendo.study.users;

import java.time.Duration;

/** The subscription that feeds {@link UsersView}: lets a reader wait until it has caught up. */
@FunctionalInterface
public interface UserFeed {

  /** Waits until every user event published so far has been applied, at most {@code timeout}. */
  boolean awaitCaughtUp(Duration timeout);
}

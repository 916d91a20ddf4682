package io.crescendo.study.users;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Looks users up for the web layer. Read-your-writes for a just-registered caller: when the caller
 * is not in the view yet, it waits (at most {@link #CATCH_UP}) for the user feed to catch up; a
 * caller still unknown then is either deleted or late.
 */
@Component
public class UserDirectory {

  static final Duration CATCH_UP = Duration.ofSeconds(3);
  private static final Duration RETRY_EVERY = Duration.ofMillis(100);
  private static final Duration CATCH_UP_STEP = Duration.ofMillis(500);

  private final UsersView users;
  private final ObjectProvider<UserFeed> feed;

  UserDirectory(UsersView users, ObjectProvider<UserFeed> feed) {
    this.users = users;
    this.feed = feed;
  }

  /**
   * The caller as a known user; {@link UnknownUser} for a deleted account, {@link UserNotKnownYet}
   * for one whose registration has not arrived.
   */
  public Mono<StudyUser> caller(UUID userId) {
    return Mono.defer(
        () -> {
          long deadline = System.nanoTime() + CATCH_UP.toNanos();
          return Mono.fromCallable(() -> lookUp(userId, deadline))
              .subscribeOn(Schedulers.boundedElastic())
              // A valid token proves the account exists, but its UserRegistered may still be on
              // its way from identity's event store to Kafka: catching up to the current end of
              // the topic is not enough, so look again until the deadline.
              .retryWhen(
                  Retry.fixedDelay(CATCH_UP.toMillis() / RETRY_EVERY.toMillis(), RETRY_EVERY)
                      .filter(e -> e instanceof UserNotKnownYet && System.nanoTime() < deadline)
                      .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
        });
  }

  /** The user if known, without waiting (blocking). */
  public Optional<StudyUser> find(UUID userId) {
    return users.find(userId);
  }

  private StudyUser lookUp(UUID userId, long deadline) {
    Optional<StudyUser> known = users.find(userId);
    if (known.isEmpty()) {
      UserFeed subscription = feed.getIfAvailable();
      Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      Duration wait = remaining.compareTo(CATCH_UP_STEP) < 0 ? remaining : CATCH_UP_STEP;
      if (subscription != null && subscription.awaitCaughtUp(wait)) {
        known = users.find(userId);
      }
    }
    // after the wait, since the UserDeleted may have arrived meanwhile; a deleted user is not
    // retried (only UserNotKnownYet is), so the answer is 401 at once
    return known.orElseThrow(
        () -> users.isDeleted(userId) ? new UnknownUser(userId) : new UserNotKnownYet(userId));
  }
}

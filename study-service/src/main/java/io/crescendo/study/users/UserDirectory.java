package io.crescendo.study.users;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Looks users up for the web layer. Read-your-writes for a just-registered caller: when the caller
 * is not in the view yet, it waits (at most {@link #CATCH_UP}) for the user feed to catch up before
 * giving up.
 */
@Component
public class UserDirectory {

  static final Duration CATCH_UP = Duration.ofSeconds(3);

  private final UsersView users;
  private final ObjectProvider<UserFeed> feed;

  UserDirectory(UsersView users, ObjectProvider<UserFeed> feed) {
    this.users = users;
    this.feed = feed;
  }

  /** The caller as a known user, or {@link UnknownUser}. */
  public Mono<StudyUser> caller(UUID userId) {
    return Mono.fromCallable(() -> lookUp(userId)).subscribeOn(Schedulers.boundedElastic());
  }

  /** The user if known, without waiting (blocking). */
  public Optional<StudyUser> find(UUID userId) {
    return users.find(userId);
  }

  private StudyUser lookUp(UUID userId) {
    Optional<StudyUser> known = users.find(userId);
    if (known.isEmpty()) {
      UserFeed subscription = feed.getIfAvailable();
      if (subscription != null && subscription.awaitCaughtUp(CATCH_UP)) {
        known = users.find(userId);
      }
    }
    return known.orElseThrow(() -> new UnknownUser(userId));
  }
}

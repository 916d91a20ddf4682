package io.crescendo.study.users;

import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.events.kafka.EventEnvelope;
import org.springframework.stereotype.Component;

/**
 * Applies the identity events to {@link UsersView}, inside the subscription's transaction. A
 * deleted account first leaves every study it is part of ({@link AccountDeletion}), then disappears
 * from the view and is remembered as deleted; a redelivery finds nothing left to do.
 */
@Component
class UserEvents {

  private final UsersView users;
  private final AccountDeletion accountDeletion;

  UserEvents(UsersView users, AccountDeletion accountDeletion) {
    this.users = users;
    this.accountDeletion = accountDeletion;
  }

  void apply(EventEnvelope envelope) {
    switch (envelope.data()) {
      case UserRegistered e -> users.register(e.userId(), e.email(), e.username());
      case UsernameChanged e -> users.rename(e.userId(), e.username());
      case UserDeleted e -> {
        accountDeletion.leaveEveryStudy(e.userId());
        users.remove(e.userId(), e.occurredAt());
      }
      default -> {
        // other identity events do not concern studies
      }
    }
  }
}

package io.crescendo.identity.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.identity.api.ChangeUsername;
import io.crescendo.identity.api.DeleteUser;
import io.crescendo.identity.api.EmailAlreadyRegistered;
import io.crescendo.identity.api.InvalidUsername;
import io.crescendo.identity.api.PasswordSet;
import io.crescendo.identity.api.RegisterUser;
import io.crescendo.identity.api.Usernames;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A Crescendo account. Command handlers decide; event sourcing handlers only apply. */
@Aggregate
public class User {

  @AggregateIdentifier private UUID userId;
  private String username;

  protected User() {
    // for Axon
  }

  @CommandHandler
  public User(RegisterUser command, EmailClaims emailClaims, Clock clock) {
    String username = validUsername(command.username());
    String email = command.email().strip().toLowerCase(Locale.ROOT);
    if (!emailClaims.claim(email, command.userId())) {
      throw new EmailAlreadyRegistered(email);
    }
    apply(new UserRegistered(command.userId(), email, username, clock.instant()));
    if (command.passwordHash() != null) {
      apply(new PasswordSet(command.userId(), command.passwordHash()));
    }
  }

  @CommandHandler
  public void handle(ChangeUsername command, Clock clock) {
    String newUsername = validUsername(command.username());
    if (!newUsername.equals(username)) {
      apply(new UsernameChanged(userId, newUsername, clock.instant()));
    }
  }

  @CommandHandler
  public void handle(DeleteUser command, EmailClaims emailClaims, Clock clock) {
    emailClaims.release(userId);
    apply(new UserDeleted(userId, clock.instant()));
  }

  @EventSourcingHandler
  void on(UserRegistered event) {
    userId = event.userId();
    username = event.username();
  }

  @EventSourcingHandler
  void on(UsernameChanged event) {
    username = event.username();
  }

  @EventSourcingHandler
  void on(UserDeleted event) {
    markDeleted();
  }

  private static String validUsername(String candidate) {
    String problem = Usernames.problem(candidate);
    if (problem != null) {
      throw new InvalidUsername(problem);
    }
    return candidate.strip();
  }
}

package io.crescendo.events.axon.testapp;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import java.time.Clock;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Test aggregate: emits public identity events and one internal event. */
@Aggregate
public class Member {

  public record Join(@TargetAggregateIdentifier UUID id, String email, boolean failAfterClaim) {}

  public record Rename(@TargetAggregateIdentifier UUID id, String name) {}

  /** Internal: must never reach Kafka. */
  public record SecretKept(UUID id, String secret) {}

  @AggregateIdentifier private UUID id;

  protected Member() {}

  @CommandHandler
  public Member(Join command, JdbcClient jdbc, Clock clock) {
    jdbc.sql("insert into member_claim (email) values (?)").param(command.email()).update();
    apply(new UserRegistered(command.id(), command.email(), "member", clock.instant()));
    apply(new SecretKept(command.id(), "s3cret"));
    if (command.failAfterClaim()) {
      throw new IllegalStateException("refused after the claim was written");
    }
  }

  @CommandHandler
  public void handle(Rename command, Clock clock) {
    apply(new UsernameChanged(id, command.name(), clock.instant()));
  }

  @EventSourcingHandler
  void on(UserRegistered event) {
    id = event.userId();
  }
}

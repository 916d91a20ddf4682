package io.crescendo.assignment.web;

import io.crescendo.events.axon.command.ReactiveCommandGateway;
import java.time.Duration;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Sends the assignment and submission commands. Commands on one aggregate are serialised by the
 * aggregate's lock within a replica; two replicas appending to the same aggregate at once make one
 * of them fail with a {@link ConcurrencyException} (unique aggregate sequence), and that command is
 * simply run again on the new state.
 */
@Component
class AssignmentCommands {

  private final ReactiveCommandGateway gateway;

  AssignmentCommands(ReactiveCommandGateway gateway) {
    this.gateway = gateway;
  }

  Mono<Void> send(Object command) {
    return gateway
        .send(command)
        .retryWhen(
            Retry.backoff(3, Duration.ofMillis(20))
                .filter(ConcurrencyException.class::isInstance)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
        .then();
  }
}

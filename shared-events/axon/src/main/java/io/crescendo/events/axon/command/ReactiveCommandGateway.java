package io.crescendo.events.axon.command;

import io.crescendo.events.axon.consistency.WrittenEvents;
import org.axonframework.commandhandling.gateway.CommandGateway;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Sends Axon commands from reactive code. Axon's {@code SimpleCommandBus} runs the handler, and its
 * JDBC append, on the calling thread, so dispatch happens on a pool meant for blocking work, never
 * on a Netty event loop.
 */
public class ReactiveCommandGateway {

  private final CommandGateway commandGateway;
  private final Scheduler scheduler;

  public ReactiveCommandGateway(CommandGateway commandGateway) {
    this(commandGateway, Schedulers.boundedElastic());
  }

  public ReactiveCommandGateway(CommandGateway commandGateway, Scheduler scheduler) {
    this.commandGateway = commandGateway;
    this.scheduler = scheduler;
  }

  /**
   * Dispatches the command; the result (empty for void handlers) or the handler's exception. Inside
   * an HTTP request the public events it stored are added to the request's {@link WrittenEvents}
   * (read-your-writes).
   */
  public <R> Mono<R> send(Object command) {
    return Mono.deferContextual(
        context -> {
          WrittenEvents written = context.getOrDefault(WrittenEvents.class, null);
          return Mono.fromCallable(
                  () ->
                      written == null
                          ? commandGateway.<R>sendAndWait(command)
                          : WrittenEvents.recording(
                              written, () -> commandGateway.<R>sendAndWait(command)))
              .subscribeOn(scheduler);
        });
  }
}

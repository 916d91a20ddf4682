package io.crescendo.events.axon.command;

import io.crescendo.events.axon.consistency.WrittenEvents;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Sends Axon commands from reactive code. Axon's {@code SimpleCommandBus} runs the handler, and its
 * JDBC append, on the calling thread, so dispatch happens on a pool meant for blocking work, never
 * on a Netty event loop.
 */
public class ReactiveCommandGateway {

  private static final Logger log = LoggerFactory.getLogger(ReactiveCommandGateway.class);

  private final CommandGateway commandGateway;
  private final Scheduler scheduler;
  private final TraceContext traceContext;

  public ReactiveCommandGateway(CommandGateway commandGateway) {
    this(commandGateway, Schedulers.boundedElastic(), TraceContext.NONE);
  }

  /**
   * @param traceContext the caller's trace context, put into the command's metadata: Axon copies it
   *     to the events (a correlation data provider), the publisher onto the Kafka records
   */
  public ReactiveCommandGateway(
      CommandGateway commandGateway, Scheduler scheduler, TraceContext traceContext) {
    this.commandGateway = commandGateway;
    this.scheduler = scheduler;
    this.traceContext = traceContext;
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
          TraceContext.Scope trace = traceContext.of(context);
          return Mono.fromCallable(
                  () -> {
                    try (TraceContext.Scope scope = trace.open()) {
                      var message =
                          GenericCommandMessage.asCommandMessage(command)
                              .andMetaData(scope.metaData());
                      R result =
                          written == null
                              ? commandGateway.<R>sendAndWait(message)
                              : WrittenEvents.recording(
                                  written, () -> commandGateway.<R>sendAndWait(message));
                      // The command log: one line per handled command, in the caller's trace.
                      log.info("Handled {}", command.getClass().getSimpleName());
                      return result;
                    }
                  })
              .subscribeOn(scheduler);
        });
  }
}

package io.crescendo.events.axon.consistency;

import io.crescendo.events.EventCatalog;
import io.crescendo.events.PublicEvent;
import io.crescendo.events.kafka.ConsistencyToken.Position;
import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * Notes every public domain event as it is published to the event store (on the command's thread)
 * for {@link WrittenEvents}. Internal events never reach Kafka, so the read side never reports
 * them: they are left out.
 */
final class WrittenEventsInterceptor implements MessageDispatchInterceptor<EventMessage<?>> {

  private final EventCatalog catalog;

  WrittenEventsInterceptor(EventCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(
      List<? extends EventMessage<?>> messages) {
    return (index, message) -> {
      if (message instanceof DomainEventMessage<?> event
          && event.getPayload() instanceof PublicEvent payload) {
        WrittenEvents.stored(
            new Position(
                catalog.byClass(payload.getClass()).topic().name(),
                event.getAggregateIdentifier(),
                event.getSequenceNumber()));
      }
      return message;
    };
  }
}

package io.crescendo.events.consumer;

import io.crescendo.events.UnknownEventTypeException;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import io.crescendo.events.kafka.MalformedEventRecordException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a record is to a reader: an event to apply, an event of a type this reader does not know
 * (skipped), or a malformed record (parked by the live consumer). One decision for the live {@link
 * SubscriptionConsumer} and the {@link SubscriptionReplay}, so that a replay treats every record as
 * live consumption did.
 */
sealed interface DecodedRecord {

  /** A valid event of a known type. */
  record Event(EventEnvelope envelope) implements DecodedRecord {}

  /** A type a newer producer added (additive evolution): not for this reader, skipped. */
  record UnknownType(String type) implements DecodedRecord {}

  /** Missing or invalid headers, or a value that is not the type's JSON: never applicable. */
  record Malformed(MalformedEventRecordException error) implements DecodedRecord {}

  static DecodedRecord decode(EventRecordCodec codec, ConsumerRecord<String, byte[]> record) {
    try {
      return new Event(codec.decode(record));
    } catch (UnknownEventTypeException e) {
      return new UnknownType(e.type());
    } catch (MalformedEventRecordException e) {
      return new Malformed(e);
    }
  }
}

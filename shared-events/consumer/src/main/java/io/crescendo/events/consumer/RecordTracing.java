package io.crescendo.events.consumer;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Continues the trace of the write that produced a record (its W3C {@code traceparent} header, set
 * by the publisher from the command's metadata) while the record is applied: the projection's log
 * lines carry the same trace id as the gateway's and the write service's (docs/observability.md).
 */
@FunctionalInterface
public interface RecordTracing {

  /** No tracing: just runs the work. */
  RecordTracing NONE = (subscription, record, work) -> work.run();

  /** Runs {@code work} (applying {@code record}) inside the record's trace. */
  void inTrace(String subscription, ConsumerRecord<String, byte[]> record, Runnable work);

  /** With Micrometer Tracing: a child span of the record's trace, or a new trace without one. */
  static RecordTracing of(Tracer tracer, Propagator propagator) {
    Propagator.Getter<ConsumerRecord<String, byte[]>> headers =
        (record, name) -> {
          Header header = record.headers().lastHeader(name);
          return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        };
    return (subscription, record, work) -> {
      Span span =
          propagator
              .extract(record, headers)
              .kind(Span.Kind.CONSUMER)
              .name("apply " + subscription)
              .tag("messaging.destination.name", record.topic())
              .tag("messaging.kafka.message.key", String.valueOf(record.key()))
              .start();
      try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
        work.run();
      } catch (RuntimeException e) {
        span.error(e);
        throw e;
      } finally {
        span.end();
      }
    };
  }
}

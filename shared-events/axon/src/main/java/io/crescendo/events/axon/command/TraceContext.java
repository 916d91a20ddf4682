package io.crescendo.events.axon.command;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;

/**
 * The current W3C trace context ({@code traceparent}, and {@code tracestate} when there is one) as
 * message metadata, so that a trace started at the gateway continues through the command, its
 * events, their Kafka records and the projections that apply them (docs/observability.md).
 */
@FunctionalInterface
public interface TraceContext {

  /** The metadata key, also the Kafka header name. */
  String TRACEPARENT = "traceparent";

  /** No tracing. */
  TraceContext NONE = Map::of;

  /** The current context as metadata entries; empty when no span is current. */
  Map<String, String> current();

  /** From Micrometer Tracing's current span. */
  static TraceContext of(Tracer tracer, Propagator propagator) {
    return () -> {
      Span span = tracer.currentSpan();
      if (span == null) {
        return Map.of();
      }
      Map<String, String> fields = new HashMap<>();
      propagator.inject(span.context(), fields, Map::put);
      fields.keySet().retainAll(propagator.fields());
      return fields;
    };
  }
}

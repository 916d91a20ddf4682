package io.crescendo.events.axon.command;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import reactor.util.context.ContextView;

/**
 * The caller's W3C trace context ({@code traceparent}, and {@code tracestate} when there is one),
 * taken from the request's observation in the Reactor context, so that a trace started at the
 * gateway continues through the command, its events, their Kafka records and the projections that
 * apply them (docs/observability.md). Explicit, without Reactor's global thread-local propagation.
 */
@FunctionalInterface
public interface TraceContext {

  /** The metadata key, also the Kafka header name. */
  String TRACEPARENT = "traceparent";

  /** No tracing. */
  TraceContext NONE = context -> Scope.NONE;

  /** The trace of the caller whose Reactor context this is. */
  Scope of(ContextView context);

  /** While open, the caller's span is current on this thread (its log lines carry the trace id). */
  interface Scope extends AutoCloseable {

    Scope NONE = Map::of;

    /** The trace context as message metadata; empty without a trace. */
    Map<String, String> metaData();

    /** Opens the span on the calling thread. */
    default Scope open() {
      return this;
    }

    @Override
    default void close() {}
  }

  /** From Micrometer Tracing: the span of the request's observation. */
  static TraceContext of(Tracer tracer, Propagator propagator) {
    return context -> {
      Span span = null;
      Observation observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
      if (observation != null) {
        TracingObservationHandler.TracingContext tracing =
            observation.getContextView().get(TracingObservationHandler.TracingContext.class);
        span = tracing == null ? null : tracing.getSpan();
      }
      if (span == null) {
        span = tracer.currentSpan();
      }
      if (span == null) {
        return Scope.NONE;
      }
      Map<String, String> fields = new HashMap<>();
      propagator.inject(span.context(), fields, Map::put);
      fields.keySet().retainAll(propagator.fields());
      Span current = span;
      Map<String, String> metaData = Map.copyOf(fields);
      return new Scope() {
        private Tracer.SpanInScope inScope;

        @Override
        public Map<String, String> metaData() {
          return metaData;
        }

        @Override
        public Scope open() {
          inScope = tracer.withSpan(current);
          return this;
        }

        @Override
        public void close() {
          if (inScope != null) {
            inScope.close();
          }
        }
      };
    };
  }
}

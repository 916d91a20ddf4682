package io.crescendo.events.axon.command;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import reactor.core.scheduler.Schedulers;

/** The reactive command gateway of the write side, and Axon's event clock. */
@AutoConfiguration(after = AxonAutoConfiguration.class)
public class CommandGatewayAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public ReactiveCommandGateway reactiveCommandGateway(
      CommandGateway commandGateway,
      ObjectProvider<Tracer> tracer,
      ObjectProvider<Propagator> propagator) {
    TraceContext traceContext =
        tracer.getIfAvailable() != null && propagator.getIfAvailable() != null
            ? TraceContext.of(tracer.getObject(), propagator.getObject())
            : TraceContext.NONE;
    return new ReactiveCommandGateway(commandGateway, Schedulers.boundedElastic(), traceContext);
  }

  /** Events carry the trace context of the command that stored them. */
  @Bean
  public CorrelationDataProvider traceContextCorrelation() {
    return new SimpleCorrelationDataProvider(TraceContext.TRACEPARENT, "tracestate");
  }

  /**
   * Axon stamps events with its own static clock: make it the service's {@link Clock} (from
   * service-web, which applies {@code crescendo.clock.offset}), so that event times agree with the
   * rules.
   */
  @Bean
  public SmartInitializingSingleton axonEventClock(ObjectProvider<Clock> clock) {
    return () -> clock.ifAvailable(c -> GenericEventMessage.clock = c);
  }
}

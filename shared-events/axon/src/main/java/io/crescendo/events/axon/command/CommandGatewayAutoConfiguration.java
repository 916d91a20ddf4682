package io.crescendo.events.axon.command;

import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The reactive command gateway of the write side, and Axon's event clock. */
@AutoConfiguration(after = AxonAutoConfiguration.class)
public class CommandGatewayAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public ReactiveCommandGateway reactiveCommandGateway(CommandGateway commandGateway) {
    return new ReactiveCommandGateway(commandGateway);
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

package io.crescendo.events.axon.command;

import java.time.Clock;
import java.time.Duration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;

/** The reactive command gateway and the service clock shared by the write side. */
@AutoConfiguration(after = AxonAutoConfiguration.class)
public class CommandGatewayAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public ReactiveCommandGateway reactiveCommandGateway(CommandGateway commandGateway) {
    return new ReactiveCommandGateway(commandGateway);
  }

  /**
   * "Now" for rules and event timestamps. {@code crescendo.clock.offset} (an ISO-8601 duration such
   * as {@code P3D}) shifts it for demos and black-box tests; production never sets it.
   */
  @Bean
  @ConditionalOnMissingBean
  public Clock clock(@Value("${crescendo.clock.offset:}") String offset) {
    Clock clock =
        StringUtils.hasText(offset)
            ? Clock.offset(Clock.systemUTC(), Duration.parse(offset))
            : Clock.systemUTC();
    GenericEventMessage.clock = clock;
    return clock;
  }
}

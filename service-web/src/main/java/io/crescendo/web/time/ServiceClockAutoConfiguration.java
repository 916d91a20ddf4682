package io.crescendo.web.time;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;

/**
 * The service's "now": rules ("today" in Asia/Seoul), token lifetimes and event timestamps all read
 * this {@link Clock}. {@code crescendo.clock.offset} ({@code CRESCENDO_CLOCK_OFFSET}, an ISO-8601
 * duration such as {@code P3D}) shifts it for demos and black-box tests, in every service alike so
 * that tokens and dates agree; production never sets it.
 */
@AutoConfiguration(beforeName = "io.crescendo.events.axon.command.CommandGatewayAutoConfiguration")
public class ServiceClockAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public Clock clock(@Value("${crescendo.clock.offset:}") String offset) {
    return offsetClock(offset);
  }

  /** The system clock shifted by {@code offset} (blank: not shifted). */
  public static Clock offsetClock(String offset) {
    if (!StringUtils.hasText(offset)) {
      return Clock.systemUTC();
    }
    try {
      return Clock.offset(Clock.systemUTC(), Duration.parse(offset.strip()));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "crescendo.clock.offset must be an ISO-8601 duration such as P3D, not " + offset, e);
    }
  }
}

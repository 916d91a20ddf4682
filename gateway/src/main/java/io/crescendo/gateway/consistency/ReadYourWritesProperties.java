package io.crescendo.gateway.consistency;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Read-your-writes at the gateway ({@code crescendo.gateway.read-your-writes.*}).
 *
 * @param searchService base URL of search-service, whose internal wait endpoint is asked
 * @param maxWait longest hold of a write's answer; past it the answer goes with {@code
 *     Crescendo-Consistency: timeout}. Keep it well under the frontend's 10 s abort.
 */
@ConfigurationProperties("crescendo.gateway.read-your-writes")
public record ReadYourWritesProperties(URI searchService, @DefaultValue("PT3S") Duration maxWait) {

  public ReadYourWritesProperties {
    if (searchService == null) {
      throw new IllegalArgumentException(
          "crescendo.gateway.read-your-writes.search-service is required");
    }
    if (maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException(
          "crescendo.gateway.read-your-writes.max-wait must be between 0 and 10 s");
    }
  }
}

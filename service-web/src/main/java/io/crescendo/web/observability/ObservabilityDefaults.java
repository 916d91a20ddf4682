package io.crescendo.web.observability;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The observability every Crescendo service has (docs/observability.md), as defaults that any
 * {@code application.yml} or environment variable overrides: Prometheus and health endpoints (with
 * every component's details: actuator answers on ports the public never reaches, the services'
 * behind the gateway and the gateway's own on its management port), every trace recorded (W3C
 * {@code traceparent}, the trace id in every log line), and the trace carried across Reactor's
 * thread hops.
 */
public class ObservabilityDefaults implements EnvironmentPostProcessor {

  static final String NAME = "crescendoObservabilityDefaults";

  private static final Map<String, Object> DEFAULTS =
      Map.of(
          "management.endpoints.web.exposure.include", "health,info,prometheus",
          "management.endpoint.health.probes.enabled", "true",
          "management.endpoint.health.show-details", "always",
          "management.tracing.sampling.probability", "1.0",
          "management.tracing.propagation.type", "w3c",
          "management.metrics.tags.application", "${spring.application.name}");

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    environment.getPropertySources().addLast(new MapPropertySource(NAME, DEFAULTS));
  }
}

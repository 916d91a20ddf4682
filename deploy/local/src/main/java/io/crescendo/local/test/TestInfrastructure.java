package io.crescendo.local.test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.crescendo.local.infra.ContainerInfrastructure;
import io.crescendo.local.infra.EmbeddedInfrastructure;
import io.crescendo.local.infra.InfraSettings;
import io.crescendo.local.infra.Infrastructure;
import java.util.List;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The JVM-wide infrastructure shared by all test classes: started lazily on first use, closed by a
 * JVM shutdown hook.
 *
 * <p>Embedded (zonky PostgreSQL + in-process KRaft broker, random ports, temporary data) unless a
 * Docker engine answers, in which case Testcontainers is used. Force either with the system
 * property or environment variable {@code CRESCENDO_TEST_INFRA} (also {@code crescendo.test.infra})
 * set to {@code embedded}, {@code containers} or {@code auto}.
 */
public final class TestInfrastructure {

  public static final String MODE_VARIABLE = "CRESCENDO_TEST_INFRA";
  public static final String MODE_PROPERTY = "crescendo.test.infra";

  /** Where the shared infrastructure runs. */
  public enum Mode {
    EMBEDDED,
    CONTAINERS
  }

  /** Kafka broker and PostgreSQL internals: quiet unless the test configures them itself. */
  private static final List<String> SERVER_LOGGERS =
      List.of(
          "kafka",
          "state.change.logger",
          "org.apache.kafka.server",
          "org.apache.kafka.controller",
          "org.apache.kafka.raft",
          "org.apache.kafka.metadata",
          "org.apache.kafka.image",
          "org.apache.kafka.storage",
          "org.apache.kafka.snapshot",
          "org.apache.kafka.coordinator",
          "io.zonky");

  private static Infrastructure shared;
  private static Mode sharedMode;
  private static RuntimeException startFailure;

  private TestInfrastructure() {}

  /**
   * The shared infrastructure, started on first call. If starting fails, every later call fails at
   * once with the same error instead of trying again.
   */
  public static synchronized Infrastructure shared() {
    if (startFailure != null) {
      throw new IllegalStateException(
          "The shared test infrastructure failed to start earlier", startFailure);
    }
    if (shared == null) {
      try {
        Mode mode = mode();
        Infrastructure started =
            switch (mode) {
              case CONTAINERS -> ContainerInfrastructure.start();
              case EMBEDDED -> {
                quietServerLogs();
                yield EmbeddedInfrastructure.start(InfraSettings.ephemeral());
              }
            };
        Runtime.getRuntime()
            .addShutdownHook(new Thread(started::close, "crescendo-test-infrastructure-stop"));
        shared = started;
        sharedMode = mode;
      } catch (RuntimeException e) {
        startFailure = e;
        throw e;
      }
    }
    return shared;
  }

  /** The mode of the running shared infrastructure, or the one {@link #shared()} would choose. */
  public static synchronized Mode mode() {
    if (sharedMode != null) {
      return sharedMode;
    }
    return resolveMode(configuredMode(), ContainerInfrastructure::isDockerAvailable);
  }

  static String configuredMode() {
    for (String value :
        new String[] {
          System.getProperty(MODE_PROPERTY),
          System.getProperty(MODE_VARIABLE),
          System.getenv(MODE_VARIABLE)
        }) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return "auto";
  }

  static Mode resolveMode(String configured, java.util.function.BooleanSupplier dockerAvailable) {
    return switch (configured.trim().toLowerCase(Locale.ROOT)) {
      case "embedded" -> Mode.EMBEDDED;
      case "containers", "container", "testcontainers", "docker" -> Mode.CONTAINERS;
      case "auto" -> dockerAvailable.getAsBoolean() ? Mode.CONTAINERS : Mode.EMBEDDED;
      default ->
          throw new IllegalArgumentException(
              MODE_VARIABLE + "='" + configured + "' is not one of: embedded, containers, auto");
    };
  }

  /**
   * Sets Kafka server and zonky loggers to WARN, now (logback) and for Spring Boot contexts started
   * later ({@code logging.level.*} system properties), unless already configured.
   */
  private static void quietServerLogs() {
    for (String logger : SERVER_LOGGERS) {
      String key = "logging.level." + logger;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "WARN");
      }
    }
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext context) {
      for (String logger : SERVER_LOGGERS) {
        ch.qos.logback.classic.Logger target = context.getLogger(logger);
        if (target.getLevel() == null) {
          target.setLevel(Level.WARN);
        }
      }
    }
  }
}

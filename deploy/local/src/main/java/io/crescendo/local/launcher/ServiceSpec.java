package io.crescendo.local.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A service the launcher knows, in start order.
 *
 * @param name module directory and jar name, e.g. {@code identity-service}
 * @param database its PostgreSQL database, or null when it has none
 * @param publicFacing whether it owns the public HTTP port (the gateway); its actuator then answers
 *     on a management port of its own ({@link #GATEWAY_MANAGEMENT_PORT})
 */
public record ServiceSpec(String name, String database, boolean publicFacing) {

  /** Every service, in start order. */
  public static final List<ServiceSpec> ALL =
      List.of(
          new ServiceSpec("identity-service", "identity", false),
          new ServiceSpec("study-service", "study", false),
          new ServiceSpec("assignment-service", "assignment", false),
          new ServiceSpec("search-service", "search", false),
          new ServiceSpec("gateway", null, true));

  /** The gateway's {@code management.server.port} (its application.yml). */
  public static final String GATEWAY_MANAGEMENT_PORT = "CRESCENDO_GATEWAY_MANAGEMENT_PORT";

  /** The service that takes the public port when there is no gateway. */
  public static final String FALLBACK_PUBLIC = "identity-service";

  /** {@code <home>/<name>/target/<name>.jar}. */
  public Path jar(Path home) {
    return home.resolve(name).resolve("target").resolve(name + ".jar");
  }

  public boolean hasDatabase() {
    return database != null;
  }

  /** E.g. {@code CRESCENDO_IDENTITY_SERVICE_URL}. */
  public String urlVariable() {
    return "CRESCENDO_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
  }
}

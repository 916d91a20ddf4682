package io.crescendo.local.launcher;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The launcher's settings, read from the environment.
 *
 * @param httpPort public HTTP port ({@code CRESCENDO_HTTP_PORT}, default 8080)
 * @param kafkaPort Kafka port ({@code CRESCENDO_KAFKA_PORT}, default 9092)
 * @param kafkaControllerPort KRaft controller port ({@code CRESCENDO_KAFKA_CONTROLLER_PORT},
 *     default 0 = a free port)
 * @param postgresPort PostgreSQL port ({@code CRESCENDO_PG_PORT}, default 15432)
 * @param dataDir absolute data directory ({@code CRESCENDO_DATA_DIR}, default {@code ./.crescendo})
 * @param clockOffset validated ISO-8601 duration ({@code CRESCENDO_CLOCK_OFFSET}) or null
 * @param home repository root ({@code CRESCENDO_HOME}, default derived from the launcher jar)
 * @param bindAddress address the public service binds ({@code CRESCENDO_BIND}, default 127.0.0.1)
 * @param startTimeout how long each service may take to report UP ({@code
 *     CRESCENDO_START_TIMEOUT_SECONDS}, default 120)
 * @param demoData whether to fill a fresh platform with demo data once it is up ({@code
 *     CRESCENDO_DEMO_DATA}, default false; see {@link DemoData})
 * @param jvmOptions extra options for every service's JVM ({@code CRESCENDO_JVM_OPTIONS},
 *     whitespace-separated), placed after the launcher's own so that they win, e.g. {@code
 *     -XX:TieredStopAtLevel=4 -Xmx768m} for full JIT when measuring throughput
 */
public record LauncherSettings(
    int httpPort,
    int kafkaPort,
    int kafkaControllerPort,
    int postgresPort,
    Path dataDir,
    String clockOffset,
    Path home,
    String bindAddress,
    Duration startTimeout,
    boolean demoData,
    List<String> jvmOptions) {

  public static final String HTTP_PORT = "CRESCENDO_HTTP_PORT";
  public static final String KAFKA_PORT = "CRESCENDO_KAFKA_PORT";
  public static final String KAFKA_CONTROLLER_PORT = "CRESCENDO_KAFKA_CONTROLLER_PORT";
  public static final String PG_PORT = "CRESCENDO_PG_PORT";
  public static final String DATA_DIR = "CRESCENDO_DATA_DIR";
  public static final String CLOCK_OFFSET = "CRESCENDO_CLOCK_OFFSET";
  public static final String HOME = "CRESCENDO_HOME";
  public static final String BIND = "CRESCENDO_BIND";
  public static final String START_TIMEOUT = "CRESCENDO_START_TIMEOUT_SECONDS";
  public static final String DEMO_DATA = "CRESCENDO_DEMO_DATA";
  public static final String JVM_OPTIONS = "CRESCENDO_JVM_OPTIONS";

  /** Exit code for settings the user must change. */
  public static final int USAGE_ERROR = 2;

  /**
   * Reads the settings.
   *
   * @param env the environment
   * @param workingDir directory relative paths resolve against
   * @param launcherLocation the launcher jar (or classes directory), or null if unknown
   */
  public static LauncherSettings fromEnvironment(
      Map<String, String> env, Path workingDir, Path launcherLocation) throws LauncherException {
    Path cwd = workingDir.toAbsolutePath().normalize();
    int httpPort = port(env, HTTP_PORT, 8080, false);
    int kafkaPort = port(env, KAFKA_PORT, 9092, false);
    int controllerPort = port(env, KAFKA_CONTROLLER_PORT, 0, true);
    int pgPort = port(env, PG_PORT, 15432, false);
    Path dataDir = cwd.resolve(value(env, DATA_DIR, ".crescendo")).normalize();
    String offset = clockOffset(env.get(CLOCK_OFFSET));
    String homeValue = env.get(HOME);
    Path home =
        homeValue == null || homeValue.isBlank()
            ? deriveHome(launcherLocation, cwd)
            : cwd.resolve(homeValue.trim()).normalize();
    if (!Files.isDirectory(home)) {
      throw new LauncherException(
          HOME + "=" + home + " is not a directory; point it at the repository root", USAGE_ERROR);
    }
    String bind = value(env, BIND, "127.0.0.1");
    Duration startTimeout = Duration.ofSeconds(positive(env, START_TIMEOUT, 120));
    boolean demoData = flag(env, DEMO_DATA);
    List<String> jvmOptions = jvmOptions(env.get(JVM_OPTIONS));
    return new LauncherSettings(
        httpPort,
        kafkaPort,
        controllerPort,
        pgPort,
        dataDir,
        offset,
        home,
        bind,
        startTimeout,
        demoData,
        jvmOptions);
  }

  public LauncherSettings {
    jvmOptions = List.copyOf(jvmOptions);
  }

  static List<String> jvmOptions(String raw) throws LauncherException {
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    List<String> options = List.of(raw.trim().split("\\s+"));
    for (String option : options) {
      // anything else would be taken for the main class or the jar by the service's java command
      if (!option.startsWith("-") || option.equals("-jar")) {
        throw new LauncherException(
            JVM_OPTIONS + " has '" + option + "', which is not a JVM option (they start with -)",
            USAGE_ERROR);
      }
    }
    return options;
  }

  /** Where the launcher's code lives: the jar, or a classes directory. */
  public static Path launcherLocation() {
    try {
      var source = LauncherSettings.class.getProtectionDomain().getCodeSource();
      return source == null ? null : Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /**
   * {@code <root>} from {@code <root>/deploy/local/target/crescendo-local.jar} (or {@code
   * .../target/classes}); otherwise the working directory.
   */
  static Path deriveHome(Path launcherLocation, Path cwd) {
    if (launcherLocation != null) {
      Path target = launcherLocation.toAbsolutePath().normalize().getParent();
      if (target != null
          && target.endsWith(Path.of("deploy", "local", "target"))
          && target.getParent().getParent().getParent() != null) {
        return target.getParent().getParent().getParent();
      }
    }
    return cwd;
  }

  static String clockOffset(String raw) throws LauncherException {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String value = raw.trim();
    try {
      Duration.parse(value);
      return value;
    } catch (DateTimeParseException e) {
      throw new LauncherException(
          CLOCK_OFFSET
              + "='"
              + raw
              + "' is not an ISO-8601 duration; use e.g. P3D (3 days), PT12H or -P1D",
          USAGE_ERROR);
    }
  }

  private static int port(Map<String, String> env, String name, int fallback, boolean zeroAllowed)
      throws LauncherException {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    int min = zeroAllowed ? 0 : 1;
    try {
      int port = Integer.parseInt(raw.trim());
      if (port >= min && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new LauncherException(
        name + "='" + raw + "' is not a port number (" + min + "-65535)", USAGE_ERROR);
  }

  private static int positive(Map<String, String> env, String name, int fallback)
      throws LauncherException {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new LauncherException(
        name + "='" + raw + "' is not a positive number of seconds", USAGE_ERROR);
  }

  private static boolean flag(Map<String, String> env, String name) throws LauncherException {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return false;
    }
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default ->
          throw new LauncherException(name + "='" + raw + "' is not true or false", USAGE_ERROR);
    };
  }

  private static String value(Map<String, String> env, String name, String fallback) {
    String raw = env.get(name);
    return raw == null || raw.isBlank() ? fallback : raw.trim();
  }
}

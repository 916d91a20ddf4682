package io.crescendo.local.launcher;

import io.crescendo.local.infra.EmbeddedPostgresServer;
import io.crescendo.local.infra.FreePorts;
import io.crescendo.local.infra.InfraSettings;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Runs Crescendo on one machine: persistent embedded PostgreSQL and Kafka, then every built service
 * as its own supervised JVM. Settings come from the environment (see {@link LauncherSettings});
 * Ctrl-C stops everything.
 */
public final class CrescendoLauncher {

  static final List<String> JVM_FLAGS =
      List.of(
          "-Xss512k",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-Xmx384m",
          "-Daxoniq.update-checker.disabled=true",
          // Netty and friends load native code; without this JDK 22+ warns in every log.
          "--enable-native-access=ALL-UNNAMED");
  static final Duration STOP_GRACE = Duration.ofSeconds(20);

  /**
   * Where a file named after a service keeps it from being restarted ({@link ServiceSupervisor}).
   */
  static final String HOLD_DIR = "hold";

  private static final String LOOPBACK = InfraSettings.LOOPBACK;
  private static final Duration INFRA_STOP_WAIT = Duration.ofSeconds(90);

  /**
   * A service that will run, with its port, and the port of its actuator: the same one, but for the
   * gateway, whose actuator is on a loopback management port of its own (never public).
   */
  record PlannedService(
      ServiceSpec spec, Path jar, int port, int managementPort, boolean isPublic) {

    boolean hasManagementPort() {
      return managementPort != port;
    }
  }

  private final LauncherSettings settings;
  private final Console console;
  private final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(
          1,
          r -> {
            Thread t = new Thread(r, "crescendo-supervisor");
            t.setDaemon(true);
            return t;
          });
  private final List<ServiceSupervisor> supervisors = new ArrayList<>();
  private volatile CompletableFuture<LauncherInfrastructure> infrastructure;
  private boolean shutDown;

  CrescendoLauncher(LauncherSettings settings, Console console) {
    this.settings = settings;
    this.console = console;
  }

  /** Set in the launcher JVM started by {@link #relaunch}. */
  static final String RELAUNCHED = "crescendo.launcher.relaunched";

  public static void main(String[] args) {
    if (Runtime.version().feature() >= 24 && System.getProperty(RELAUNCHED) == null) {
      System.exit(relaunch(args));
      return;
    }
    Console console = new Console(System.out);
    LauncherSettings settings;
    try {
      settings =
          LauncherSettings.fromEnvironment(
              System.getenv(), Path.of(""), LauncherSettings.launcherLocation());
    } catch (LauncherException e) {
      console.error(e.getMessage());
      System.exit(e.exitCode());
      return;
    }
    configureLogging(settings.dataDir().resolve("logs"));
    int exitCode = new CrescendoLauncher(settings, console).run();
    System.exit(exitCode);
  }

  /**
   * Runs the launcher in a child JVM with {@code --sun-misc-unsafe-memory-access=allow}: on JDK 24+
   * Kafka's use of {@code sun.misc.Unsafe} otherwise prints warnings straight to the console's
   * stderr, which {@code java -jar} offers no way to turn off. The child shares the console; a
   * SIGTERM to this JVM is passed on, and this JVM exits with the child's code.
   */
  static int relaunch(String[] args) {
    List<String> command = new ArrayList<>();
    command.add(javaCommand());
    command.add("--sun-misc-unsafe-memory-access=allow");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-D" + RELAUNCHED + "=true");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CrescendoLauncher.class.getName());
    command.addAll(List.of(args));
    Process child;
    try {
      child = new ProcessBuilder(command).inheritIO().start();
    } catch (IOException e) {
      System.out.println("[crescendo] error: cannot start the launcher JVM: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (child.isAlive()) {
                    child.destroy(); // SIGTERM: the child stops everything and exits
                  }
                  try {
                    child.waitFor(2, TimeUnit.MINUTES);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "crescendo-relaunch-stop"));
    try {
      return child.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /**
   * Sends SLF4J logging (Kafka, zonky) to {@code logs/infra.log}. Must run before the first logger
   * is created. The file is not named logback.xml: this jar is on services' test classpaths, where
   * a logback.xml would override their own logging configuration.
   */
  static void configureLogging(Path logsDir) {
    System.setProperty("crescendo.log.dir", logsDir.toAbsolutePath().toString());
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "crescendo-launcher-logback.xml");
    }
  }

  /** Initialises logging once, before the infrastructure starts logging from several threads. */
  private static void initLogging() {
    LoggerFactory.getILoggerFactory();
  }

  /**
   * Keeps the console to the launcher's own lines: JVM warnings (e.g. Kafka's use of
   * sun.misc.Unsafe on JDK 24+) and stray stack traces go to {@code logs/launcher-stderr.log}.
   */
  static void redirectStandardError(Path logsDir) {
    try {
      Files.createDirectories(logsDir);
      System.setErr(
          new PrintStream(
              new FileOutputStream(logsDir.resolve("launcher-stderr.log").toFile(), true),
              true,
              StandardCharsets.UTF_8));
    } catch (IOException e) {
      // keep the console's stderr
    }
  }

  /** Starts everything and blocks until the JVM shuts down; returns an exit code on failure. */
  int run() {
    long t0 = System.nanoTime();
    Path logs = settings.dataDir().resolve("logs");
    List<PlannedService> planned;
    int controllerPort;
    try {
      controllerPort =
          settings.kafkaControllerPort() != 0 ? settings.kafkaControllerPort() : FreePorts.pick();
      planned = plan(settings, controllerPort);
      Optional<String> conflict = PortCheck.firstConflict(portClaims(settings, planned));
      if (conflict.isPresent()) {
        throw new LauncherException(conflict.get(), LauncherSettings.USAGE_ERROR);
      }
      Files.createDirectories(logs);
      Files.createDirectories(settings.dataDir().resolve(HOLD_DIR));
    } catch (LauncherException e) {
      console.error(e.getMessage());
      return e.exitCode();
    } catch (IOException e) {
      console.error("cannot create " + logs + ": " + e.getMessage());
      return LauncherSettings.USAGE_ERROR;
    }

    redirectStandardError(logs);
    initLogging();
    console.info("home " + settings.home() + ", data " + settings.dataDir());
    Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "crescendo-shutdown"));

    LauncherInfrastructure infra;
    try {
      infra = startInfrastructure(controllerPort);
      for (PlannedService service : planned) {
        if (service.spec().hasDatabase()) {
          infra.ensureDatabase(service.spec().database());
        }
      }
    } catch (RuntimeException e) {
      console.error(
          "infrastructure did not start: "
              + rootMessage(e)
              + " (see "
              + logs
              + "/infra.log and "
              + logs
              + "/kafka-broker.log)");
      return 1;
    }

    List<String> skipped =
        ServiceSpec.ALL.stream()
            .filter(spec -> planned.stream().noneMatch(p -> p.spec().equals(spec)))
            .map(ServiceSpec::name)
            .toList();
    if (!skipped.isEmpty()) {
      console.info(
          "skipped (not built): "
              + String.join(", ", skipped)
              + " (expected <home>/<name>/target/<name>.jar)");
    }
    if (planned.isEmpty()) {
      // Still useful: services run from an IDE against the fixed ports.
      console.info(
          "no service jar under "
              + settings.home()
              + " (build with ./mvnw -B -DskipTests install, or set "
              + LauncherSettings.HOME
              + "); running PostgreSQL and Kafka only");
      console.plain(
          "Crescendo infrastructure is up: postgres 127.0.0.1:"
              + settings.postgresPort()
              + ", kafka localhost:"
              + settings.kafkaPort());
      awaitShutdown();
      return 0;
    }

    Map<String, String> urls = serviceUrls(planned);
    for (PlannedService service : planned) {
      Map<String, String> env = serviceEnvironment(settings, service, infra, urls);
      HealthProbe probe =
          service.hasManagementPort()
              ? new HealthProbe(LOOPBACK, service.managementPort())
              : new HealthProbe(probeHost(service), service.port());
      List<String> command = new ArrayList<>();
      command.add(javaCommand());
      command.addAll(JVM_FLAGS);
      command.addAll(settings.jvmOptions());
      command.add("-jar");
      command.add(service.jar().toString());
      synchronized (this) {
        if (shutDown) {
          return 1;
        }
        supervisors.add(
            new ServiceSupervisor(
                service.spec().name(),
                service.port(),
                command,
                env,
                settings.home(),
                logs.resolve(service.spec().name() + ".log"),
                settings.dataDir().resolve(HOLD_DIR).resolve(service.spec().name()),
                probe,
                console,
                scheduler));
      }
    }

    // identity-service first (the others may ask it for signing keys), then the rest together.
    List<List<ServiceSupervisor>> waves = new ArrayList<>();
    List<ServiceSupervisor> first =
        supervisors.stream().filter(s -> s.name().equals(ServiceSpec.FALLBACK_PUBLIC)).toList();
    List<ServiceSupervisor> rest = supervisors.stream().filter(s -> !first.contains(s)).toList();
    if (!first.isEmpty()) {
      waves.add(first);
    }
    if (!rest.isEmpty()) {
      waves.add(rest);
    }
    Map<String, PlannedService> byName =
        planned.stream().collect(Collectors.toMap(p -> p.spec().name(), p -> p));
    for (List<ServiceSupervisor> wave : waves) {
      Optional<String> failure = startWave(wave, byName);
      if (failure.isPresent()) {
        if (!shuttingDown()) { // Ctrl-C while starting is not a failure to report
          console.error(failure.get());
        }
        return 1;
      }
    }
    supervisors.forEach(ServiceSupervisor::supervise);

    console.plain(
        "Crescendo is up: http://localhost:"
            + settings.httpPort()
            + " ("
            + Console.seconds(Duration.ofNanos(System.nanoTime() - t0))
            + ")");
    if (settings.demoData()) {
      DemoData.loadOnce(settings, byName.keySet(), console, this::shuttingDown);
    }
    awaitShutdown();
    return 0;
  }

  private static void awaitShutdown() {
    try {
      new CountDownLatch(1).await(); // until Ctrl-C / SIGTERM runs the shutdown hook
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * PostgreSQL in this JVM and the Kafka broker as a supervised process of its own, started in
   * parallel. If either fails, whatever started is stopped before the exception propagates.
   */
  private LauncherInfrastructure startInfrastructure(int controllerPort) {
    Path logs = settings.dataDir().resolve("logs");
    int kafkaPort = settings.kafkaPort();
    ServiceSupervisor kafka =
        new ServiceSupervisor(
            "kafka",
            kafkaPort,
            KafkaBrokerProcess.command(
                kafkaPort, controllerPort, "localhost", settings.dataDir().resolve("kafka"), logs),
            Map.of(),
            settings.dataDir(),
            logs.resolve("kafka.log"),
            settings.dataDir().resolve(HOLD_DIR).resolve("kafka"),
            new KafkaProbe(LOOPBACK + ":" + kafkaPort),
            console,
            scheduler);
    CompletableFuture<LauncherInfrastructure> future = new CompletableFuture<>();
    infrastructure = future;
    long t0 = System.nanoTime();
    CompletableFuture<EmbeddedPostgresServer> postgres =
        CompletableFuture.supplyAsync(
            () -> {
              EmbeddedPostgresServer server =
                  EmbeddedPostgresServer.start(
                      settings.postgresPort(),
                      settings.dataDir().resolve("postgres"),
                      true,
                      logs.resolve("postgres.log"));
              console.ready(
                  "postgres",
                  server.host() + ":" + server.port(),
                  Duration.ofNanos(System.nanoTime() - t0));
              return server;
            },
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "crescendo-infra");
                  t.setDaemon(true);
                  return t;
                }));
    RuntimeException failure = null;
    try {
      kafka.start();
      switch (kafka.awaitHealthy(settings.startTimeout())) {
        case HEALTHY -> {
          console.ready(
              "kafka", "localhost:" + kafkaPort, Duration.ofNanos(System.nanoTime() - t0));
          kafka.supervise();
        }
        case EXITED ->
            failure =
                new IllegalStateException(
                    "Kafka exited during startup (code " + kafka.exitCode() + ")");
        case TIMED_OUT ->
            failure =
                new IllegalStateException(
                    "Kafka did not serve within " + settings.startTimeout().toSeconds() + " s");
      }
    } catch (IOException e) {
      failure = new IllegalStateException("Kafka could not be started: " + e.getMessage(), e);
    }
    EmbeddedPostgresServer server = null;
    try {
      server = postgres.join();
    } catch (RuntimeException e) {
      RuntimeException cause =
          e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      if (failure == null) {
        failure = cause;
      } else {
        failure.addSuppressed(cause);
      }
    }
    if (failure != null) {
      kafka.stop(LauncherInfrastructure.KAFKA_STOP_GRACE);
      if (server != null) {
        server.close();
      }
      future.completeExceptionally(failure);
      throw failure;
    }
    LauncherInfrastructure started =
        new LauncherInfrastructure(server, kafka, LOOPBACK + ":" + kafkaPort);
    future.complete(started);
    return started;
  }

  private Optional<String> startWave(
      List<ServiceSupervisor> wave, Map<String, PlannedService> byName) {
    long t0 = System.nanoTime();
    for (ServiceSupervisor supervisor : wave) {
      try {
        supervisor.start();
      } catch (IOException e) {
        return Optional.of(supervisor.name() + " could not be started: " + e.getMessage());
      }
    }
    List<CompletableFuture<Optional<String>>> results = new ArrayList<>();
    for (ServiceSupervisor supervisor : wave) {
      results.add(
          CompletableFuture.supplyAsync(
              () -> {
                ServiceSupervisor.Startup outcome =
                    supervisor.awaitHealthy(settings.startTimeout());
                PlannedService service = byName.get(supervisor.name());
                return switch (outcome) {
                  case HEALTHY -> {
                    console.ready(
                        supervisor.name(),
                        where(service),
                        Duration.ofNanos(System.nanoTime() - t0));
                    yield Optional.<String>empty();
                  }
                  case EXITED ->
                      Optional.of(
                          supervisor.name()
                              + " exited during startup (code "
                              + supervisor.exitCode()
                              + "); see "
                              + supervisor.logFile());
                  case TIMED_OUT ->
                      Optional.of(
                          supervisor.name()
                              + " did not report UP within "
                              + settings.startTimeout().toSeconds()
                              + " s; see "
                              + supervisor.logFile());
                };
              }));
    }
    Optional<String> failure = Optional.empty();
    for (CompletableFuture<Optional<String>> result : results) {
      Optional<String> outcome = result.join();
      if (failure.isEmpty() && outcome.isPresent()) {
        failure = outcome;
      }
    }
    return failure;
  }

  /**
   * E.g. {@code http://localhost:8080 and management on http://127.0.0.1:40123}: the service's URL
   * first (tests read it as the first word after "ready on").
   */
  static String where(PlannedService service) {
    String url =
        service.isPublic()
            ? "http://localhost:" + service.port()
            : "http://" + LOOPBACK + ":" + service.port();
    return service.hasManagementPort()
        ? url + " and management on http://" + LOOPBACK + ":" + service.managementPort()
        : url;
  }

  private synchronized boolean shuttingDown() {
    return shutDown;
  }

  /** Stops services, then Kafka, then PostgreSQL. Runs in the shutdown hook; never throws. */
  void shutdown() {
    List<ServiceSupervisor> toStop;
    synchronized (this) {
      if (shutDown) {
        return;
      }
      shutDown = true;
      toStop = List.copyOf(supervisors);
    }
    try {
      console.info("stopping ...");
      List<CompletableFuture<Void>> stopping = new ArrayList<>();
      for (ServiceSupervisor supervisor : toStop) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        stopping.add(done);
        new Thread(
                () -> {
                  try {
                    supervisor.stop(STOP_GRACE);
                  } finally {
                    done.complete(null);
                  }
                },
                "stop-" + supervisor.name())
            .start();
      }
      stopping.forEach(CompletableFuture::join);
      scheduler.shutdownNow();
      CompletableFuture<LauncherInfrastructure> infra = infrastructure;
      if (infra != null) {
        try {
          infra.get(INFRA_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS).close();
        } catch (ExecutionException | TimeoutException e) {
          // it never started (or is still starting): nothing we can close
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      console.plain("Crescendo stopped.");
    } catch (RuntimeException e) {
      console.error("while stopping: " + rootMessage(e));
    }
  }

  /** The services whose jar exists, with ports: the public port to the gateway (or identity). */
  static List<PlannedService> plan(LauncherSettings settings, int controllerPort) {
    List<ServiceSpec> present =
        ServiceSpec.ALL.stream().filter(s -> Files.isRegularFile(s.jar(settings.home()))).toList();
    String publicName =
        present.stream()
            .filter(ServiceSpec::publicFacing)
            .map(ServiceSpec::name)
            .findFirst()
            .orElse(
                present.stream().anyMatch(s -> s.name().equals(ServiceSpec.FALLBACK_PUBLIC))
                    ? ServiceSpec.FALLBACK_PUBLIC
                    : null);
    Set<Integer> taken =
        new HashSet<>(
            List.of(
                settings.httpPort(),
                settings.kafkaPort(),
                settings.postgresPort(),
                controllerPort));
    List<PlannedService> planned = new ArrayList<>();
    for (ServiceSpec spec : present) {
      boolean isPublic = spec.name().equals(publicName);
      int port = isPublic ? settings.httpPort() : freePort(taken);
      int managementPort = spec.publicFacing() ? freePort(taken) : port;
      planned.add(
          new PlannedService(spec, spec.jar(settings.home()), port, managementPort, isPublic));
    }
    return planned;
  }

  private static int freePort(Set<Integer> taken) {
    int port;
    do {
      port = FreePorts.pick();
    } while (!taken.add(port));
    return port;
  }

  static List<PortCheck.PortClaim> portClaims(
      LauncherSettings settings, List<PlannedService> planned) {
    List<PortCheck.PortClaim> claims = new ArrayList<>();
    claims.add(
        new PortCheck.PortClaim(
            settings.bindAddress(), settings.httpPort(), LauncherSettings.HTTP_PORT, "http"));
    claims.add(
        new PortCheck.PortClaim(
            LOOPBACK, settings.kafkaPort(), LauncherSettings.KAFKA_PORT, "kafka"));
    claims.add(
        new PortCheck.PortClaim(
            LOOPBACK, settings.postgresPort(), LauncherSettings.PG_PORT, "postgres"));
    if (settings.kafkaControllerPort() != 0) {
      claims.add(
          new PortCheck.PortClaim(
              LOOPBACK,
              settings.kafkaControllerPort(),
              LauncherSettings.KAFKA_CONTROLLER_PORT,
              "kafka controller"));
    }
    return claims;
  }

  static Map<String, String> serviceUrls(List<PlannedService> planned) {
    Map<String, String> urls = new LinkedHashMap<>();
    for (PlannedService service : planned) {
      urls.put(service.spec().urlVariable(), "http://" + LOOPBACK + ":" + service.port());
    }
    return urls;
  }

  /** The environment a service process gets (on top of the launcher's own). */
  static Map<String, String> serviceEnvironment(
      LauncherSettings settings,
      PlannedService service,
      io.crescendo.local.infra.Infrastructure infra,
      Map<String, String> serviceUrls) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SERVER_PORT", Integer.toString(service.port()));
    env.put("SERVER_ADDRESS", service.isPublic() ? settings.bindAddress() : LOOPBACK);
    if (service.hasManagementPort()) {
      // the gateway's actuator: for the launcher's probe only, whatever CRESCENDO_BIND says
      env.put(ServiceSpec.GATEWAY_MANAGEMENT_PORT, Integer.toString(service.managementPort()));
      env.put("MANAGEMENT_SERVER_ADDRESS", LOOPBACK);
    }
    if (service.spec().hasDatabase()) {
      String db = service.spec().database();
      env.put("SPRING_DATASOURCE_URL", infra.jdbcUrl(db));
      env.put("SPRING_DATASOURCE_USERNAME", infra.postgresUser());
      env.put("SPRING_DATASOURCE_PASSWORD", infra.postgresPassword());
      env.put("SPRING_R2DBC_URL", infra.r2dbcUrl(db));
      env.put("SPRING_R2DBC_USERNAME", infra.postgresUser());
      env.put("SPRING_R2DBC_PASSWORD", infra.postgresPassword());
    }
    env.put("CRESCENDO_KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
    env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
    if (settings.clockOffset() != null) {
      env.put(LauncherSettings.CLOCK_OFFSET, settings.clockOffset());
    }
    env.put(LauncherSettings.DATA_DIR, settings.dataDir().toAbsolutePath().toString());
    env.put("CRESCENDO_PUBLIC_URL", "http://localhost:" + settings.httpPort());
    env.putAll(serviceUrls);
    return env;
  }

  private String probeHost(PlannedService service) {
    String bind = service.isPublic() ? settings.bindAddress() : LOOPBACK;
    return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") ? LOOPBACK : bind;
  }

  /** The java binary running this launcher. */
  static String javaCommand() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String own = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return root == e || root.getMessage() == null ? own : own + ": " + root.getMessage();
  }
}

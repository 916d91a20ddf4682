package io.crescendo.local.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one service as its own JVM, appends its output to its log file, and restarts it with
 * exponential back-off (1 s, 2 s, 4 s ... 30 s; reset after a minute of uptime) when it exits
 * unexpectedly.
 *
 * <p>While its hold file exists ({@code <data>/hold/<name>}), a service that exits is not restarted
 * until the file is removed: for work that needs it down, e.g. resetting its consumer groups
 * (docs/reliability.md).
 */
final class ServiceSupervisor {

  /** Outcome of waiting for the first healthy answer. */
  enum Startup {
    HEALTHY,
    EXITED,
    TIMED_OUT
  }

  static final Duration STABLE_AFTER = Duration.ofMinutes(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration EXIT_GRACE = Duration.ofMillis(500);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(180);

  private final String name;
  private final int port;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path workingDir;
  private final Path logFile;
  private final Path holdFile;
  private final ReadinessProbe probe;
  private final Console console;
  private final ScheduledExecutorService scheduler;

  private Process process;
  private Instant startedAt;
  private int consecutiveFailures;
  private int generation;
  private boolean supervising;
  private boolean stopping;

  ServiceSupervisor(
      String name,
      int port,
      List<String> command,
      Map<String, String> environment,
      Path workingDir,
      Path logFile,
      Path holdFile,
      ReadinessProbe probe,
      Console console,
      ScheduledExecutorService scheduler) {
    this.name = name;
    this.port = port;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.workingDir = workingDir;
    this.logFile = logFile;
    this.holdFile = holdFile;
    this.probe = probe;
    this.console = console;
    this.scheduler = scheduler;
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  Path logFile() {
    return logFile;
  }

  /** The current process's pid, or -1 before the first start. */
  synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /** Whether the current process is running. */
  synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Starts the first process. */
  synchronized void start() throws IOException {
    launch("starting");
  }

  /** Polls the health endpoint until it reports UP, the process exits, or the timeout passes. */
  Startup awaitHealthy(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Process current = current();
      if (current == null) {
        return Startup.EXITED; // stopping
      }
      if (probe.isUp()) {
        return Startup.HEALTHY;
      }
      if (!current.isAlive()) {
        return Startup.EXITED;
      }
      if (!pause(POLL)) {
        return Startup.EXITED;
      }
    }
    return probe.isUp() ? Startup.HEALTHY : Startup.TIMED_OUT;
  }

  /** Exit code of the (exited) current process, or -1. */
  synchronized int exitCode() {
    return process != null && !process.isAlive() ? process.exitValue() : -1;
  }

  /** From now on, an unexpected exit restarts the service. */
  synchronized void supervise() {
    supervising = true;
    if (process != null && !process.isAlive()) {
      scheduleExitHandling(process);
    }
  }

  /** SIGTERM, wait up to {@code grace}, then kill. No more restarts afterwards. */
  void stop(Duration grace) {
    Process toStop;
    synchronized (this) {
      stopping = true;
      toStop = process;
    }
    if (toStop == null || !toStop.isAlive()) {
      return;
    }
    toStop.destroy();
    try {
      if (!toStop.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        console.info(name + " did not stop within " + grace.toSeconds() + " s; killing it");
        toStop.destroyForcibly();
        toStop.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      toStop.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private synchronized Process current() {
    return stopping ? null : process;
  }

  private void launch(String verb) throws IOException {
    Files.createDirectories(logFile.getParent());
    Files.writeString(
        logFile,
        System.lineSeparator()
            + "==== "
            + Instant.now()
            + " crescendo launcher: "
            + verb
            + " "
            + name
            + " on port "
            + port
            + " ===="
            + System.lineSeparator(),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workingDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    builder.environment().putAll(environment);
    Process started = builder.start();
    process = started;
    startedAt = Instant.now();
    generation++;
    started.onExit().thenRun(() -> onExit(started));
  }

  private void onExit(Process exited) {
    synchronized (this) {
      if (stopping || exited != process || !supervising) {
        return; // expected, superseded, or still starting (the caller reports it)
      }
    }
    scheduleExitHandling(exited);
  }

  private void scheduleExitHandling(Process exited) {
    // A short grace: on Ctrl-C the service sees SIGINT before our shutdown hook flags stopping.
    scheduler.schedule(() -> handleExit(exited), EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void handleExit(Process exited) {
    Duration delay;
    synchronized (this) {
      if (stopping || exited != process) {
        return;
      }
      Duration uptime = Duration.between(startedAt, Instant.now());
      if (uptime.compareTo(STABLE_AFTER) >= 0) {
        consecutiveFailures = 0;
      }
      delay = backoff(consecutiveFailures);
      consecutiveFailures++;
    }
    console.info(
        name
            + " exited unexpectedly (code "
            + exited.exitValue()
            + "); restarting in "
            + delay.toSeconds()
            + " s (log: "
            + logFile
            + ")");
    scheduler.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void restart() {
    restartUnlessHeld(false);
  }

  private void restartUnlessHeld(boolean toldHeld) {
    int launched;
    synchronized (this) {
      if (stopping) {
        return;
      }
      if (Files.exists(holdFile)) {
        if (!toldHeld) {
          console.info(name + " is held: it starts again when " + holdFile + " is removed");
        }
        scheduler.schedule(() -> restartUnlessHeld(true), POLL.toMillis(), TimeUnit.MILLISECONDS);
        return;
      }
      try {
        launch("restarting");
      } catch (IOException e) {
        console.error(name + " could not be restarted: " + e.getMessage());
        scheduleExitHandling(process);
        return;
      }
      launched = generation;
      console.info(name + " restarted (pid " + process.pid() + ")");
    }
    watchRecovery(launched, System.nanoTime() + RECOVERY_TIMEOUT.toNanos());
  }

  private void watchRecovery(int launched, long deadline) {
    synchronized (this) {
      if (stopping || generation != launched || !process.isAlive()) {
        return;
      }
    }
    if (probe.isUp()) {
      console.info(name + " is healthy again");
    } else if (System.nanoTime() < deadline) {
      scheduler.schedule(() -> watchRecovery(launched, deadline), 1, TimeUnit.SECONDS);
    }
  }

  /** 1 s, 2 s, 4 s ... capped at 30 s. */
  static Duration backoff(int consecutiveFailures) {
    int exponent = Math.min(consecutiveFailures, 5);
    Duration delay = Duration.ofSeconds(1L << exponent);
    return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name", "").toLowerCase().startsWith("windows")
            ? "NUL"
            : "/dev/null");
  }

  private static boolean pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

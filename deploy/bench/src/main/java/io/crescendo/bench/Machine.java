package io.crescendo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a run measured, for the report: figures only compare within one machine. */
final class Machine {

  private Machine() {}

  static String describe() {
    Runtime runtime = Runtime.getRuntime();
    return "%d cores (%s), %s RAM, %s %s, Java %s; service JVMs: %s"
        .formatted(
            runtime.availableProcessors(),
            cpuModel(),
            memory(),
            System.getProperty("os.name"),
            System.getProperty("os.version"),
            Runtime.version(),
            serviceJvmOptions());
  }

  /** The stack inherits this process's environment, so the launcher sees the same options. */
  private static String serviceJvmOptions() {
    String extra = System.getenv("CRESCENDO_JVM_OPTIONS");
    return extra == null || extra.isBlank()
        ? "the launcher's flags"
        : "the launcher's flags + CRESCENDO_JVM_OPTIONS=" + extra.trim();
  }

  private static String cpuModel() {
    try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
    }
  }

  private static String memory() {
    try (var lines = Files.lines(Path.of("/proc/meminfo"))) {
      return lines
          .filter(line -> line.startsWith("MemTotal:"))
          .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / (1024 * 1024) + " GB")
          .findFirst()
          .orElse("? GB");
    } catch (IOException | RuntimeException e) {
      return "? GB";
    }
  }
}

package io.crescendo.search.projection.rebuild;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Runs the rebuild in rebuild mode ({@link RebuildCommand}) and prints its report. */
@Component
@ConditionalOnBooleanProperty(RebuildCommand.PROPERTY)
class RebuildRunner implements ApplicationRunner, ExitCodeGenerator {

  private static final Logger log = LoggerFactory.getLogger(RebuildRunner.class);

  private final ReadModelRebuild rebuild;
  private final Environment environment;
  private volatile int exitCode = 1;

  RebuildRunner(ReadModelRebuild rebuild, Environment environment) {
    this.rebuild = rebuild;
    this.environment = environment;
  }

  @Override
  public void run(ApplicationArguments args) {
    try {
      RebuildReport report = rebuild.rebuild(RebuildOptions.from(environment));
      System.out.println(report.format());
      exitCode = report.exitCode();
    } catch (RuntimeException e) {
      log.error("Read-model rebuild failed", e);
      System.out.println("Read-model rebuild: FAILED, the live tables serve on: " + e.getMessage());
      exitCode = 1;
    }
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }
}

package io.crescendo.local.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * PostgreSQL 17 from the zonky binaries, listening on 127.0.0.1 only. Superuser {@code postgres}
 * (trust authentication, so any password is accepted).
 *
 * <p>A new cluster is made with the {@code builtin} locale provider and {@code C.UTF-8}, not the
 * locale of the environment (which would give a {@code C} cluster where {@code LANG} is unset);
 * databases are created with the same settings explicitly ({@code Databases}).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  private final EmbeddedPostgres postgres;
  private final Path dataDir;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
    this.postgres = postgres;
    this.dataDir = dataDir;
  }

  /**
   * Starts PostgreSQL.
   *
   * @param port fixed port, or 0 for a free one
   * @param dataDir the cluster's data directory (initialised on first use)
   * @param persistent keep the data (durable settings) or tune for throw-away test data
   * @param serverLog file receiving initdb/postgres output, or null to log it through SLF4J
   */
  public static EmbeddedPostgresServer start(
      int port, Path dataDir, boolean persistent, Path serverLog) {
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setPort(FreePorts.orPick(port))
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setRegisterShutdownHook(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              // initdb --locale-provider=builtin --locale=C.UTF-8 (only for a new data directory)
              .setLocaleConfig("locale-provider", "builtin")
              .setLocaleConfig("locale", "C.UTF-8")
              .setServerConfig("listen_addresses", InfraSettings.LOOPBACK)
              .setServerConfig("max_connections", "200")
              .setServerConfig("timezone", "UTC")
              .setServerConfig("fsync", persistent ? "on" : "off")
              .setServerConfig("synchronous_commit", persistent ? "on" : "off")
              .setServerConfig("full_page_writes", persistent ? "on" : "off");
      if (serverLog != null) {
        Files.createDirectories(serverLog.toAbsolutePath().getParent());
        ProcessBuilder.Redirect redirect = ProcessBuilder.Redirect.appendTo(serverLog.toFile());
        builder.setOutputRedirector(redirect).setErrorRedirector(redirect);
      }
      return new EmbeddedPostgresServer(builder.start(), dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not start (data in " + dataDir + ")", e);
    }
  }

  public String host() {
    return InfraSettings.LOOPBACK;
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops PostgreSQL (fast shutdown); keeps the data directory. */
  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException | RuntimeException e) {
      // best effort: the server may already be gone
    }
  }
}

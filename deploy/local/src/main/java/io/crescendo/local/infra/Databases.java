package io.crescendo.local.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Creates PostgreSQL databases idempotently through the {@code postgres} maintenance database.
 *
 * <p>Every database is UTF-8 with the {@code builtin} locale provider and {@code C.UTF-8} for
 * LC_COLLATE and LC_CTYPE ({@link #CREATE_OPTIONS}), whatever the cluster's default: the same on
 * every machine, embedded or in a container, without OS locales to install (glibc has {@code
 * C.UTF-8} built in). Sorting is by code point and does not change with the C library; case mapping
 * ({@code lower}, {@code ILIKE}) is Unicode's; and LC_CTYPE classes Hangul, kana and CJK as
 * letters, which {@code pg_trgm} needs to make trigrams of them (PostgreSQL 17 asks LC_CTYPE, not
 * the provider: under {@code C} a Korean word yields no trigram at all).
 */
final class Databases {

  /** What follows {@code CREATE DATABASE "name"}. */
  static final String CREATE_OPTIONS =
      "TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER builtin LOCALE 'C.UTF-8'";

  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final String DUPLICATE_DATABASE = "42P04";
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String OBJECT_IN_USE = "55006";
  private static final Duration RETRY_FOR = Duration.ofSeconds(30);

  private Databases() {}

  static void validateName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Invalid database name '"
              + name
              + "': use lower-case letters, digits and underscores (max 63), not starting with a"
              + " digit");
    }
  }

  static void ensureDatabase(String host, int port, String user, String password, String name) {
    validateName(name);
    String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("connectTimeout", "10");
    long deadline = System.nanoTime() + RETRY_FOR.toNanos();
    while (true) {
      try (Connection connection = DriverManager.getConnection(url, props)) {
        if (exists(connection, name)) {
          return;
        }
        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE DATABASE \"" + name + "\" " + CREATE_OPTIONS);
          return;
        }
      } catch (SQLException e) {
        String state = e.getSQLState();
        if (DUPLICATE_DATABASE.equals(state) || UNIQUE_VIOLATION.equals(state)) {
          return; // created concurrently by another thread or JVM
        }
        if (!OBJECT_IN_USE.equals(state) || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Could not create database '" + name + "' on " + host + ":" + port, e);
        }
        // The template was busy with a concurrent CREATE DATABASE: try again shortly.
        pause();
      }
    }
  }

  private static boolean exists(Connection connection, String name) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      query.setString(1, name);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating a database", e);
    }
  }
}

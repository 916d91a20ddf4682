package io.crescendo.web.error;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Whether a failure means the database cannot be reached (PostgreSQL down, restarting, or the pool
 * out of connections), rather than a bug: the answer is then 503 "try again", not 500. Judged from
 * the cause chain with JDK types and SQL states only, since this module has neither JDBC nor R2DBC
 * drivers; the services' exceptions wrap these causes (Spring's DataAccessResourceFailureException,
 * Axon's event store exceptions).
 */
final class DatabaseOutage {

  /**
   * R2DBC's resource failures (connection refused or closed), by name: r2dbc-spi is not on this
   * module's class path.
   */
  private static final Set<String> R2DBC_RESOURCE_FAILURES =
      Set.of(
          "io.r2dbc.spi.R2dbcTransientResourceException",
          "io.r2dbc.spi.R2dbcNonTransientResourceException");

  private DatabaseOutage() {}

  static boolean isCause(Throwable error) {
    for (Throwable cause = error; cause != null; cause = next(cause)) {
      if (cause instanceof ConnectException || cause instanceof SQLTransientConnectionException) {
        return true;
      }
      if (cause instanceof SQLException sql
          && (isUnavailable(sql.getSQLState()) || isEvictedConnection(sql))) {
        return true;
      }
      for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
        if (R2DBC_RESOURCE_FAILURES.contains(type.getName())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Class 08 (connection exception) and 57P01–57P03 (admin shutdown, crash shutdown, cannot connect
   * now: the server is stopping or still recovering).
   */
  static boolean isUnavailable(String sqlState) {
    return sqlState != null
        && (sqlState.startsWith("08")
            || sqlState.equals("57P01")
            || sqlState.equals("57P02")
            || sqlState.equals("57P03"));
  }

  /**
   * HikariCP evicts a connection that failed (PostgreSQL went away); a transaction still holding it
   * then gets this, without an SQL state, on its next statement.
   */
  private static boolean isEvictedConnection(SQLException sql) {
    return sql.getSQLState() == null && "Connection is closed".equals(sql.getMessage());
  }

  private static Throwable next(Throwable cause) {
    return cause.getCause() == cause ? null : cause.getCause();
  }
}

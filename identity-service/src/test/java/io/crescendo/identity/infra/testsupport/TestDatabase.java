package io.crescendo.identity.infra.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.crescendo.local.infra.Infrastructure;
import io.crescendo.local.test.TestInfrastructure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * A database of its own on the JVM-wide shared PostgreSQL, holding only the token tables
 * (V110__tokens.sql), for Spring-free tests of the token infrastructure.
 */
public final class TestDatabase implements AutoCloseable {

  public static final String NAME = "identity_infra_tokens";
  private static final String SCHEMA = "db/migration/identity/V110__tokens.sql";

  private final HikariDataSource dataSource;

  private TestDatabase(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Connects and (re)creates the token tables, empty. */
  public static TestDatabase fresh() {
    Infrastructure infrastructure = TestInfrastructure.shared();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(infrastructure.jdbcUrl(NAME));
    config.setUsername(infrastructure.postgresUser());
    config.setPassword(infrastructure.postgresPassword());
    config.setMaximumPoolSize(12);
    config.setPoolName("token-tests");
    HikariDataSource dataSource = new HikariDataSource(config);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "DROP TABLE IF EXISTS refresh_token, refresh_token_family, signing_key CASCADE");
      ScriptUtils.executeSqlScript(connection, new ClassPathResource(SCHEMA));
    } catch (SQLException e) {
      dataSource.close();
      throw new IllegalStateException(e);
    }
    return new TestDatabase(dataSource);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public JdbcTemplate jdbc() {
    return new JdbcTemplate(dataSource);
  }

  public JdbcTransactionManager transactionManager() {
    return new JdbcTransactionManager(dataSource);
  }

  public void truncate(String... tables) {
    jdbc().execute("TRUNCATE " + String.join(", ", tables) + " CASCADE");
  }

  @Override
  public void close() {
    dataSource.close();
  }
}

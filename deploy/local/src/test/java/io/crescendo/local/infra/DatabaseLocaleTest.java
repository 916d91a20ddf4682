package io.crescendo.local.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clusters and databases are UTF-8 with the builtin provider and C.UTF-8 whatever the environment's
 * locale: Korean words make trigrams (keyword search can use pg_trgm indexes) and case-insensitive
 * matching follows Unicode.
 */
class DatabaseLocaleTest {

  private static Path data;
  private static EmbeddedPostgresServer postgres;

  @BeforeAll
  static void start() throws Exception {
    data = Files.createTempDirectory("crescendo-locale-");
    postgres = EmbeddedPostgresServer.start(0, data.resolve("postgres"), false, null);
  }

  @AfterAll
  static void stop() {
    postgres.close();
    FileTrees.deleteQuietly(data);
  }

  @Test
  void theClusterIsMadeWithTheBuiltinProviderAndCUtf8() throws Exception {
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select datlocprovider, datlocale, datctype, pg_encoding_to_char(encoding)"
                    + " from pg_database where datname = 'template1'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("b");
      assertThat(rows.getString(2)).isEqualTo("C.UTF-8");
      assertThat(rows.getString(3)).isEqualTo("C.UTF-8");
      assertThat(rows.getString(4)).isEqualTo("UTF8");
    }
  }

  @Test
  void aCreatedDatabaseMakesTrigramsOfKoreanAndFoldsCase() throws Exception {
    Databases.ensureDatabase(
        postgres.host(),
        postgres.port(),
        EmbeddedPostgresServer.USER,
        EmbeddedPostgresServer.PASSWORD,
        "locale_check");
    try (Connection connection = connect("locale_check");
        Statement statement = connection.createStatement()) {
      try (ResultSet rows =
          statement.executeQuery(
              "select datlocprovider, datlocale, datcollate, datctype from pg_database"
                  + " where datname = current_database()")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("b");
        assertThat(rows.getString(2)).isEqualTo("C.UTF-8");
        assertThat(rows.getString(3)).isEqualTo("C.UTF-8");
        assertThat(rows.getString(4)).isEqualTo("C.UTF-8");
      }
      statement.execute("create extension pg_trgm");
      try (ResultSet rows =
          statement.executeQuery(
              "select array_length(show_trgm('스터디'), 1), array_length(show_trgm('Spring'), 1),"
                  + " 'Spring Boot' ilike '%SPRING%', 'ÄRGER' ilike '%ärger%',"
                  + " lower('ÄÖÜ') = 'äöü'")) {
        assertThat(rows.next()).isTrue();
        // "스터디" padded as "  스터디 ": 4 trigrams; under LC_CTYPE=C there would be none
        assertThat(rows.getInt(1)).isEqualTo(4);
        assertThat(rows.getInt(2)).isEqualTo(7);
        assertThat(rows.getBoolean(3)).isTrue();
        assertThat(rows.getBoolean(4)).isTrue();
        assertThat(rows.getBoolean(5)).isTrue();
      }
    }
  }

  private static Connection connect(String database) throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/" + database,
        EmbeddedPostgresServer.USER,
        EmbeddedPostgresServer.PASSWORD);
  }
}

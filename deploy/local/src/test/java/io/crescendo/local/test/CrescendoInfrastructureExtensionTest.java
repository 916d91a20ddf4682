package io.crescendo.local.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.local.infra.Infrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@CrescendoInfrastructure(database = "identity")
class CrescendoInfrastructureExtensionTest {

  @Test
  void setsSpringPropertiesBeforeTheClassRuns() {
    Infrastructure infra = TestInfrastructure.shared();
    String jdbc = "jdbc:postgresql://127.0.0.1:" + infra.postgresPort() + "/identity";

    assertThat(System.getProperty("spring.datasource.url")).isEqualTo(jdbc);
    assertThat(System.getProperty("spring.datasource.username")).isEqualTo("postgres");
    assertThat(System.getProperty("spring.datasource.password")).isEqualTo("postgres");
    assertThat(System.getProperty("spring.r2dbc.url"))
        .isEqualTo("r2dbc:postgresql://127.0.0.1:" + infra.postgresPort() + "/identity");
    assertThat(System.getProperty("spring.r2dbc.username")).isEqualTo("postgres");
    assertThat(System.getProperty("spring.r2dbc.password")).isEqualTo("postgres");
    assertThat(System.getProperty("spring.kafka.bootstrap-servers"))
        .isEqualTo(infra.kafkaBootstrapServers())
        .startsWith("127.0.0.1:");
    assertThat(System.getProperty("crescendo.kafka.bootstrap-servers"))
        .isEqualTo(infra.kafkaBootstrapServers());
    assertThat(TestInfrastructure.mode()).isEqualTo(TestInfrastructure.Mode.EMBEDDED);
  }

  @Test
  void connectsWithTheProperties() throws Exception {
    try (Connection connection =
            DriverManager.getConnection(
                System.getProperty("spring.datasource.url"),
                System.getProperty("spring.datasource.username"),
                System.getProperty("spring.datasource.password"));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select current_database()")) {
      rows.next();
      assertThat(rows.getString(1)).isEqualTo("identity");
    }
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                System.getProperty("crescendo.kafka.bootstrap-servers")))) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
    }
  }

  @Test
  void sharesOneInfrastructurePerJvm() {
    assertThat(TestInfrastructure.shared()).isSameAs(TestInfrastructure.shared());
  }

  @Nested
  class NestedClasses {
    @Test
    void seeTheEnclosingAnnotation() {
      assertThat(
              CrescendoInfrastructureExtension.findAnnotation(NestedClasses.class)
                  .map(CrescendoInfrastructure::database))
          .contains("identity");
    }
  }
}

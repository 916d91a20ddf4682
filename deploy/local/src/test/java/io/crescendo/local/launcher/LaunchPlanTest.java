package io.crescendo.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.local.infra.Infrastructure;
import io.crescendo.local.launcher.CrescendoLauncher.PlannedService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchPlanTest {

  @TempDir Path home;

  @Test
  void thePublicPortGoesToTheGateway() throws Exception {
    build("identity-service", "search-service", "gateway");
    List<PlannedService> plan = CrescendoLauncher.plan(settings(Map.of()), 40000);

    assertThat(plan)
        .extracting(p -> p.spec().name())
        .containsExactly("identity-service", "search-service", "gateway");
    PlannedService gateway = plan.get(2);
    assertThat(gateway.isPublic()).isTrue();
    assertThat(gateway.port()).isEqualTo(8080);
    assertThat(plan.subList(0, 2))
        .allSatisfy(
            p -> {
              assertThat(p.isPublic()).isFalse();
              assertThat(p.port()).isNotIn(8080, 9092, 15432, 40000);
            });
    assertThat(plan.get(0).port()).isNotEqualTo(plan.get(1).port());
  }

  @Test
  void theGatewaysActuatorGetsAPortOfItsOwn() throws Exception {
    build("identity-service", "search-service", "gateway");
    List<PlannedService> plan = CrescendoLauncher.plan(settings(Map.of()), 40000);

    PlannedService gateway = plan.get(2);
    assertThat(gateway.hasManagementPort()).isTrue();
    assertThat(gateway.managementPort())
        .isNotIn(8080, 9092, 15432, 40000, plan.get(0).port(), plan.get(1).port());
    assertThat(CrescendoLauncher.where(gateway))
        .isEqualTo(
            "http://localhost:8080 and management on http://127.0.0.1:" + gateway.managementPort());
    assertThat(plan.subList(0, 2))
        .allSatisfy(
            p -> {
              assertThat(p.hasManagementPort()).isFalse();
              assertThat(p.managementPort()).isEqualTo(p.port());
              assertThat(CrescendoLauncher.where(p)).isEqualTo("http://127.0.0.1:" + p.port());
            });
  }

  @Test
  void identityAsThePublicServiceKeepsItsActuator() throws Exception {
    build("identity-service");
    PlannedService identity = CrescendoLauncher.plan(settings(Map.of()), 40000).get(0);

    assertThat(identity.isPublic()).isTrue();
    assertThat(identity.hasManagementPort()).isFalse();
    assertThat(CrescendoLauncher.where(identity)).isEqualTo("http://localhost:8080");
  }

  @Test
  void withoutAGatewayIdentityIsPublic() throws Exception {
    build("identity-service", "study-service");
    List<PlannedService> plan =
        CrescendoLauncher.plan(settings(Map.of("CRESCENDO_HTTP_PORT", "18080")), 40000);

    assertThat(plan.get(0).isPublic()).isTrue();
    assertThat(plan.get(0).port()).isEqualTo(18080);
    assertThat(plan.get(1).isPublic()).isFalse();
  }

  @Test
  void servicesGetTheirEnvironment() throws Exception {
    build("identity-service", "gateway");
    LauncherSettings settings = settings(Map.of("CRESCENDO_CLOCK_OFFSET", "P3D"));
    List<PlannedService> plan = CrescendoLauncher.plan(settings, 40000);
    Map<String, String> urls = CrescendoLauncher.serviceUrls(plan);

    Map<String, String> identity =
        CrescendoLauncher.serviceEnvironment(settings, plan.get(0), new FakeInfra(), urls);
    Map<String, String> gateway =
        CrescendoLauncher.serviceEnvironment(settings, plan.get(1), new FakeInfra(), urls);

    assertThat(identity)
        .containsEntry("SERVER_PORT", Integer.toString(plan.get(0).port()))
        .containsEntry("SERVER_ADDRESS", "127.0.0.1")
        .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:15432/identity")
        .containsEntry("SPRING_DATASOURCE_USERNAME", "postgres")
        .containsEntry("SPRING_DATASOURCE_PASSWORD", "secret")
        .containsEntry("SPRING_R2DBC_URL", "r2dbc:postgresql://127.0.0.1:15432/identity")
        .containsEntry("SPRING_R2DBC_USERNAME", "postgres")
        .containsEntry("SPRING_R2DBC_PASSWORD", "secret")
        .containsEntry("CRESCENDO_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
        .containsEntry("CRESCENDO_CLOCK_OFFSET", "P3D")
        .containsEntry("CRESCENDO_DATA_DIR", settings.dataDir().toString())
        .containsEntry("CRESCENDO_PUBLIC_URL", "http://localhost:8080")
        .containsEntry("CRESCENDO_IDENTITY_SERVICE_URL", "http://127.0.0.1:" + plan.get(0).port())
        .containsEntry("CRESCENDO_GATEWAY_URL", "http://127.0.0.1:8080")
        .doesNotContainKeys("CRESCENDO_GATEWAY_MANAGEMENT_PORT", "MANAGEMENT_SERVER_ADDRESS");
    assertThat(gateway)
        .containsEntry("SERVER_PORT", "8080")
        .containsEntry(
            "CRESCENDO_GATEWAY_MANAGEMENT_PORT", Integer.toString(plan.get(1).managementPort()))
        .containsEntry("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1")
        .doesNotContainKeys("SPRING_DATASOURCE_URL", "SPRING_R2DBC_URL")
        .containsEntry("CRESCENDO_IDENTITY_SERVICE_URL", "http://127.0.0.1:" + plan.get(0).port());
  }

  private void build(String... services) throws Exception {
    for (String service : services) {
      Path jar = home.resolve(service).resolve("target").resolve(service + ".jar");
      Files.createDirectories(jar.getParent());
      Files.writeString(jar, "not really a jar");
    }
  }

  private LauncherSettings settings(Map<String, String> env) throws Exception {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("CRESCENDO_HOME", home.toString());
    return LauncherSettings.fromEnvironment(all, home, null);
  }

  private static final class FakeInfra implements Infrastructure {
    @Override
    public String postgresHost() {
      return "127.0.0.1";
    }

    @Override
    public int postgresPort() {
      return 15432;
    }

    @Override
    public String postgresUser() {
      return "postgres";
    }

    @Override
    public String postgresPassword() {
      return "secret";
    }

    @Override
    public void ensureDatabase(String name) {}

    @Override
    public String kafkaBootstrapServers() {
      return "127.0.0.1:9092";
    }

    @Override
    public void close() {}
  }
}

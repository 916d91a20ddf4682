package io.crescendo.local.test;

import io.crescendo.local.infra.Infrastructure;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Points Spring Boot at the shared test infrastructure by setting system properties before the test
 * class's Spring context starts. See {@link CrescendoInfrastructure}.
 */
public final class CrescendoInfrastructureExtension implements BeforeAllCallback {

  public static final String DATASOURCE_URL = "spring.datasource.url";
  public static final String DATASOURCE_USERNAME = "spring.datasource.username";
  public static final String DATASOURCE_PASSWORD = "spring.datasource.password";
  public static final String R2DBC_URL = "spring.r2dbc.url";
  public static final String R2DBC_USERNAME = "spring.r2dbc.username";
  public static final String R2DBC_PASSWORD = "spring.r2dbc.password";
  public static final String SPRING_KAFKA_BOOTSTRAP_SERVERS = "spring.kafka.bootstrap-servers";
  public static final String CRESCENDO_KAFKA_BOOTSTRAP_SERVERS =
      "crescendo.kafka.bootstrap-servers";

  private static final String DEFAULT_DATABASE = "test";

  @Override
  public void beforeAll(ExtensionContext context) {
    String database =
        findAnnotation(context.getRequiredTestClass())
            .map(CrescendoInfrastructure::database)
            .orElse(DEFAULT_DATABASE);
    properties(TestInfrastructure.shared(), database).forEach(System::setProperty);
  }

  /** The system properties set for {@code database} (which is created if absent). */
  public static Map<String, String> properties(Infrastructure infrastructure, String database) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(DATASOURCE_URL, infrastructure.jdbcUrl(database));
    properties.put(DATASOURCE_USERNAME, infrastructure.postgresUser());
    properties.put(DATASOURCE_PASSWORD, infrastructure.postgresPassword());
    properties.put(R2DBC_URL, infrastructure.r2dbcUrl(database));
    properties.put(R2DBC_USERNAME, infrastructure.postgresUser());
    properties.put(R2DBC_PASSWORD, infrastructure.postgresPassword());
    properties.put(SPRING_KAFKA_BOOTSTRAP_SERVERS, infrastructure.kafkaBootstrapServers());
    properties.put(CRESCENDO_KAFKA_BOOTSTRAP_SERVERS, infrastructure.kafkaBootstrapServers());
    return properties;
  }

  /** The annotation on the class, a superclass, a meta-annotation or an enclosing class. */
  static Optional<CrescendoInfrastructure> findAnnotation(Class<?> testClass) {
    for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
      Optional<CrescendoInfrastructure> found =
          AnnotationSupport.findAnnotation(type, CrescendoInfrastructure.class);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }
}

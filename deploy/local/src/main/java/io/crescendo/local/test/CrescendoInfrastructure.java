package io.crescendo.local.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class against the JVM-wide shared PostgreSQL and Kafka ({@link
 * TestInfrastructure#shared()}): before the class (and so before its Spring context) the database
 * is created and the {@code spring.datasource.*}, {@code spring.r2dbc.*}, {@code
 * spring.kafka.bootstrap-servers} and {@code crescendo.kafka.bootstrap-servers} system properties
 * are set. Works as a meta-annotation and is inherited by subclasses.
 *
 * <pre>{@code
 * @CrescendoInfrastructure(database = "identity")
 * @SpringBootTest
 * class RegistrationIT { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(CrescendoInfrastructureExtension.class)
public @interface CrescendoInfrastructure {

  /** The service's database, created if absent: lower-case letters, digits, underscores. */
  String database() default "test";
}

package io.crescendo.local.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;

class MetaAnnotationTest {

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @CrescendoInfrastructure(database = "study")
  @interface StudyServiceTest {}

  @CrescendoInfrastructure(database = "search")
  abstract static class SearchBase {}

  @StudyServiceTest
  static class ViaMetaAnnotation {}

  static class ViaBaseClass extends SearchBase {}

  @Test
  void findsTheDatabaseThroughAMetaAnnotation() {
    assertThat(
            CrescendoInfrastructureExtension.findAnnotation(ViaMetaAnnotation.class)
                .map(CrescendoInfrastructure::database))
        .contains("study");
  }

  @Test
  void findsTheDatabaseThroughABaseClass() {
    assertThat(
            CrescendoInfrastructureExtension.findAnnotation(ViaBaseClass.class)
                .map(CrescendoInfrastructure::database))
        .contains("search");
  }

  @Test
  void modeCanBeForcedOrDetected() {
    assertThat(TestInfrastructure.resolveMode("embedded", () -> true))
        .isEqualTo(TestInfrastructure.Mode.EMBEDDED);
    assertThat(TestInfrastructure.resolveMode("containers", () -> false))
        .isEqualTo(TestInfrastructure.Mode.CONTAINERS);
    assertThat(TestInfrastructure.resolveMode("auto", () -> true))
        .isEqualTo(TestInfrastructure.Mode.CONTAINERS);
    assertThat(TestInfrastructure.resolveMode(" AUTO ", () -> false))
        .isEqualTo(TestInfrastructure.Mode.EMBEDDED);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TestInfrastructure.resolveMode("vm", () -> false))
        .hasMessageContaining("CRESCENDO_TEST_INFRA");
  }
}

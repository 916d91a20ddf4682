package io.crescendo.events.study;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StudyCategoriesTest {

  @Test
  void theEightCategoriesOfTheContractInItsOrder() {
    assertThat(StudyCategories.ALL)
        .containsExactly(
            "Frontend", "Backend", "Mobile", "Embedded", "AI", "DevOps", "Interview", "Etc");
  }

  @Test
  void namesAreComparedExactly() {
    assertThat(StudyCategories.isCategory("DevOps")).isTrue();
    assertThat(StudyCategories.isCategory("devops")).isFalse();
    assertThat(StudyCategories.isCategory(" AI")).isFalse();
    assertThat(StudyCategories.isCategory(null)).isFalse();
  }
}

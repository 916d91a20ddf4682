package io.crescendo.events.study;

import java.util.List;

/**
 * The fixed set of study categories. The frontend hard-codes these names (case-sensitive) in its
 * filters and forms, so every service uses exactly this list.
 */
public final class StudyCategories {

  /** Every category name, in the contract's (creation) order. */
  public static final List<String> ALL =
      List.of("Frontend", "Backend", "Mobile", "Embedded", "AI", "DevOps", "Interview", "Etc");

  private StudyCategories() {}

  /** Whether the name is a category, compared exactly; false for null. */
  public static boolean isCategory(String name) {
    return name != null && ALL.contains(name);
  }
}

package io.crescendo.assignment.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The field rules of assignments and submissions (API-v1 §5.7.2, §5.8.2): title and content
 * required, not blank, title ≤ 64 and content ≤ 1500 characters, measured on what is stored
 * (trimmed; a submission's content after sanitizing).
 */
final class TextRules {

  static final int TITLE_MAX = 64;
  static final int CONTENT_MAX = 1500;

  private static final String REQUIRED = "This field is required.";
  private static final String BLANK = "This field may not be blank.";

  private TextRules() {}

  /** Title and content as stored; {@code errors} collects what is wrong. */
  record Checked(String title, String content, Map<String, List<String>> errors) {

    boolean valid() {
      return errors.isEmpty();
    }
  }

  /**
   * Checks proposed values. With {@code partial}, a null value takes the current one; otherwise a
   * null value is missing.
   */
  static Checked check(
      String title,
      String content,
      boolean partial,
      String currentTitle,
      String currentContent,
      Function<String, String> cleanContent) {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    String newTitle =
        title == null && partial ? currentTitle : text(errors, "title", title, TITLE_MAX);
    String newContent =
        content == null && partial
            ? currentContent
            : text(
                errors,
                "content",
                content == null ? null : cleanContent.apply(content),
                CONTENT_MAX);
    return new Checked(newTitle, newContent, errors);
  }

  private static String text(
      Map<String, List<String>> errors, String field, String value, int max) {
    if (value == null) {
      add(errors, field, REQUIRED);
      return null;
    }
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      add(errors, field, BLANK);
    } else if (trimmed.codePointCount(0, trimmed.length()) > max) {
      add(errors, field, "Ensure this field has no more than %d characters.".formatted(max));
    }
    return trimmed;
  }

  private static void add(Map<String, List<String>> errors, String field, String message) {
    errors.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
  }
}

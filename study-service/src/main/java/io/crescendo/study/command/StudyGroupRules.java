package io.crescendo.study.command;

import static io.crescendo.study.api.ValidationFailed.NON_FIELD_ERRORS;

import io.crescendo.events.study.StudyCategories;
import io.crescendo.study.api.InvalidJoinRequest;
import io.crescendo.study.api.InvalidStudyGroup;
import io.crescendo.study.api.StudyGroupDetails;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The field and date rules of a study's details and of a join request message (API-v1 §5.3.2,
 * §5.3.4, §5.6.2). Field errors first; rules spanning fields only once every field is valid.
 * Returns the normalised values: trimmed texts, sanitized post, categories in the contract's order,
 * distinct tags.
 */
final class StudyGroupRules {

  static final int POST_TITLE_MAX = 64;
  static final int STUDY_NAME_MAX = 80;

  /** The contract asks for at least 20 000; the bound keeps events and read models sane. */
  static final int POST_CONTENT_MAX = 50_000;

  static final int TAG_MAX = 20;
  static final int MEMBER_LIMIT_MIN = 2;
  static final int MEMBER_LIMIT_MAX = 10;
  static final int REQUEST_MESSAGE_MAX = 500;

  private static final String REQUIRED = "This field is required.";
  private static final String BLANK = "This field may not be blank.";

  private StudyGroupRules() {}

  /** The details of a new study, judged on {@code today} (Asia/Seoul). */
  static StudyGroupDetails forNewStudy(
      StudyGroupDetails proposed, HtmlSanitizer html, LocalDate today) {
    return check(proposed, html, today, 0, false);
  }

  /**
   * The details of an edited study with {@code memberCount} members, refused while the study is
   * {@code closed}.
   */
  static StudyGroupDetails forEdit(
      StudyGroupDetails proposed,
      HtmlSanitizer html,
      LocalDate today,
      int memberCount,
      boolean closed) {
    return check(proposed, html, today, memberCount, closed);
  }

  /** The message of a join request, as sent. */
  static String requestMessage(String message) {
    String problem =
        message == null
            ? REQUIRED
            : message.isBlank()
                ? BLANK
                : message.length() > REQUEST_MESSAGE_MAX ? tooLong(REQUEST_MESSAGE_MAX) : null;
    if (problem != null) {
      throw new InvalidJoinRequest(Map.of("request_message", List.of(problem)));
    }
    return message;
  }

  private static StudyGroupDetails check(
      StudyGroupDetails proposed,
      HtmlSanitizer html,
      LocalDate today,
      int memberCount,
      boolean closed) {
    Errors errors = new Errors();
    String postTitle = text(errors, "post_title", proposed.postTitle(), POST_TITLE_MAX);
    String postContent =
        text(
            errors,
            "post_content",
            proposed.postContent() == null ? null : html.sanitize(proposed.postContent()),
            POST_CONTENT_MAX);
    String studyName = text(errors, "study_name", proposed.studyName(), STUDY_NAME_MAX);
    Integer memberLimit = memberLimit(errors, proposed.memberLimit(), memberCount);
    LocalDate deadline = required(errors, "deadline", proposed.deadline());
    LocalDate startDate = required(errors, "start_date", proposed.startDate());
    if (startDate != null && startDate.isBefore(today)) {
      errors.add("start_date", "The start date cannot be before today.");
    }
    LocalDate endDate = required(errors, "end_date", proposed.endDate());
    List<String> categories = categories(errors, proposed.categories());
    List<String> tags = tags(errors, proposed.tags());
    errors.throwIfAny();

    if (closed) {
      errors.add(NON_FIELD_ERRORS, "The study is closed and can no longer be edited.");
    }
    if (!(today.isBefore(deadline)
        && deadline.isBefore(startDate)
        && startDate.isBefore(endDate))) {
      errors.add(
          NON_FIELD_ERRORS,
          "Dates must satisfy today < deadline < start_date < end_date (today is " + today + ").");
    }
    errors.throwIfAny();

    return new StudyGroupDetails(
        postTitle,
        studyName,
        postContent,
        categories,
        tags,
        memberLimit,
        startDate,
        endDate,
        deadline);
  }

  private static String text(Errors errors, String field, String value, int max) {
    if (value == null) {
      errors.add(field, REQUIRED);
      return null;
    }
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      errors.add(field, BLANK);
    } else if (trimmed.length() > max) {
      errors.add(field, tooLong(max));
    }
    return trimmed;
  }

  private static Integer memberLimit(Errors errors, Integer limit, int memberCount) {
    if (limit == null) {
      errors.add("member_limit", REQUIRED);
    } else if (limit < MEMBER_LIMIT_MIN || limit > MEMBER_LIMIT_MAX) {
      errors.add(
          "member_limit",
          "Ensure this value is between %d and %d.".formatted(MEMBER_LIMIT_MIN, MEMBER_LIMIT_MAX));
    } else if (limit < memberCount) {
      errors.add(
          "member_limit",
          "Ensure this value is at least the current member count (%d).".formatted(memberCount));
    }
    return limit;
  }

  private static LocalDate required(Errors errors, String field, LocalDate date) {
    if (date == null) {
      errors.add(field, REQUIRED);
    }
    return date;
  }

  private static List<String> categories(Errors errors, List<String> names) {
    if (names == null || names.isEmpty()) {
      errors.add("categories", "Choose at least one category.");
      return List.of();
    }
    for (String name : new LinkedHashSet<>(names)) {
      if (!StudyCategories.isCategory(name)) {
        errors.add("categories", "\"%s\" is not a valid category.".formatted(name));
      }
    }
    return StudyCategories.ALL.stream().filter(names::contains).toList();
  }

  private static List<String> tags(Errors errors, List<String> names) {
    Set<String> tags = new LinkedHashSet<>();
    for (String name : names == null ? List.<String>of() : names) {
      String tag = name == null ? "" : name.strip();
      if (tag.isEmpty()) {
        errors.add("tags", "A tag may not be blank.");
      } else if (tag.length() > TAG_MAX) {
        errors.add("tags", "Ensure each tag has no more than %d characters.".formatted(TAG_MAX));
      } else {
        tags.add(tag);
      }
    }
    return List.copyOf(tags);
  }

  private static String tooLong(int max) {
    return "Ensure this field has no more than %d characters.".formatted(max);
  }

  /** Messages by field, in the order found; each message once per field. */
  private static final class Errors {

    private final Map<String, List<String>> byField = new LinkedHashMap<>();

    void add(String field, String message) {
      List<String> messages = byField.computeIfAbsent(field, f -> new ArrayList<>());
      if (!messages.contains(message)) {
        messages.add(message);
      }
    }

    void throwIfAny() {
      if (!byField.isEmpty()) {
        throw new InvalidStudyGroup(byField);
      }
    }
  }
}

package io.crescendo.assignment.command;

import io.crescendo.assignment.api.ValidationFailed;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** In-memory stand-ins for the membership view and the claim table, and a matcher. */
final class Fakes {

  private Fakes() {}

  /** Studies with their leader, members and start date. */
  static final class Roster implements StudyRoster {

    private final Map<UUID, UUID> leaders = new HashMap<>();
    private final Map<UUID, Set<UUID>> members = new HashMap<>();
    private final Map<UUID, LocalDate> starts = new HashMap<>();

    Roster study(UUID study, UUID leader, LocalDate start) {
      leaders.put(study, leader);
      starts.put(study, start);
      members.computeIfAbsent(study, s -> new HashSet<>()).add(leader);
      return this;
    }

    Roster member(UUID study, UUID user) {
      members.computeIfAbsent(study, s -> new HashSet<>()).add(user);
      return this;
    }

    Roster remove(UUID study, UUID user) {
      members.getOrDefault(study, new HashSet<>()).remove(user);
      return this;
    }

    @Override
    public boolean isLeader(UUID studyId, UUID user) {
      return user != null && user.equals(leaders.get(studyId));
    }

    @Override
    public boolean isMember(UUID studyId, UUID user) {
      return members.getOrDefault(studyId, Set.of()).contains(user);
    }

    @Override
    public Optional<LocalDate> startDate(UUID studyId) {
      return Optional.ofNullable(starts.get(studyId));
    }
  }

  /** The claim table: one row per assignment and user. */
  static final class Claims implements SubmissionClaims {

    final Map<String, Long> rows = new HashMap<>();

    @Override
    public boolean claim(long assignmentId, UUID userId, long submissionId) {
      return rows.putIfAbsent(assignmentId + "/" + userId, submissionId) == null;
    }

    @Override
    public void release(long assignmentId, UUID userId) {
      rows.remove(assignmentId + "/" + userId);
    }

    boolean holds(long assignmentId, UUID userId) {
      return rows.containsKey(assignmentId + "/" + userId);
    }
  }

  /** A validation failure of this type whose body has exactly these keys, in this order. */
  static Matcher<ValidationFailed> invalid(Class<? extends ValidationFailed> type, String... keys) {
    return new TypeSafeMatcher<>(type) {
      @Override
      protected boolean matchesSafely(ValidationFailed failure) {
        return List.copyOf(failure.errors().keySet()).equals(List.of(keys))
            && failure.errors().values().stream().noneMatch(List::isEmpty);
      }

      @Override
      public void describeTo(Description description) {
        description.appendText(type.getSimpleName() + " with errors on " + List.of(keys));
      }

      @Override
      protected void describeMismatchSafely(ValidationFailed failure, Description description) {
        description.appendText(
            "was " + failure.getClass().getSimpleName() + " " + failure.errors());
      }
    };
  }
}

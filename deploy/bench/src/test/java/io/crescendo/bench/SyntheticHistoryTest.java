package io.crescendo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.events.Topics;
import io.crescendo.events.assignment.AssignmentCreated;
import io.crescendo.events.assignment.SubmissionCreated;
import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import io.crescendo.events.study.JoinRequestApproved;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.events.study.StudyGroupDeleted;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SyntheticHistoryTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void publishesWholeLivesUntilEnoughEventsWentOut() {
    List<EventEnvelope> events = new ArrayList<>();
    SyntheticHistory history = new SyntheticHistory(events::add, 7, clock);

    history.atLeast(1_000);

    assertThat(history.events()).isEqualTo(events.size()).isGreaterThanOrEqualTo(1_000);
    assertThat(events.size()).isLessThan(1_000 + 200); // at most one life more
    assertThat(history.lives()).isGreaterThan(5);
  }

  @Test
  void eachAggregateHasItsSequenceFromZeroAndEveryEventEncodes() {
    List<EventEnvelope> events = new ArrayList<>();
    new SyntheticHistory(events::add, 11, clock).atLeast(5_000);

    Map<String, Long> next = new HashMap<>();
    EventRecordCodec codec = new EventRecordCodec();
    Set<String> ids = new HashSet<>();
    for (EventEnvelope event : events) {
      long expected = next.getOrDefault(event.subject(), 0L);
      assertThat(event.sequence()).as(event.subject()).isEqualTo(expected);
      next.put(event.subject(), expected + 1);
      assertThat(ids.add(event.id())).isTrue();
      var record = codec.encode(event);
      assertThat(record.key()).isEqualTo(event.subject());
      assertThat(Topics.all().stream().map(t -> t.name())).contains(record.topic());
    }
  }

  @Test
  void livesHaveEveryKindOfEventInTheirOrder() {
    List<EventEnvelope> events = new ArrayList<>();
    new SyntheticHistory(events::add, 3, clock).atLeast(10_000);

    Set<UUID> users = new HashSet<>();
    Set<UUID> deletedUsers = new HashSet<>();
    Set<UUID> studies = new HashSet<>();
    Set<Long> assignments = new HashSet<>();
    int deletedStudies = 0;
    for (EventEnvelope event : events) {
      switch (event.data()) {
        case UserRegistered e -> users.add(e.userId());
        case UserDeleted e -> {
          assertThat(users).contains(e.userId());
          deletedUsers.add(e.userId());
        }
        case StudyGroupCreated e -> {
          assertThat(users).contains(e.leaderId());
          assertThat(deletedUsers).doesNotContain(e.leaderId());
          studies.add(e.studyId());
        }
        case JoinRequestApproved e -> assertThat(studies).contains(e.studyId());
        case AssignmentCreated e -> {
          assertThat(studies).contains(e.studyId());
          assertThat(e.assignmentId()).isLessThan(1L << 53);
          assignments.add(e.assignmentId());
        }
        case SubmissionCreated e -> assertThat(assignments).contains(e.assignmentId());
        case StudyGroupDeleted e -> deletedStudies++;
        default -> {}
      }
    }
    assertThat(deletedUsers).isNotEmpty();
    assertThat(deletedStudies).isPositive();
    assertThat(events)
        .extracting(e -> e.data().getClass().getSimpleName())
        .contains(
            "UsernameChanged",
            "JoinRequested",
            "JoinRequestRejected",
            "JoinRequestWithdrawn",
            "StudyGroupUpdated",
            "HeadImageChanged",
            "MemberRemoved",
            "AssignmentUpdated",
            "SubmissionUpdated",
            "SubmissionDeleted",
            "AssignmentDeleted");
  }

  @Test
  void theSameSeedGivesTheSameHistory() {
    List<EventEnvelope> first = new ArrayList<>();
    List<EventEnvelope> second = new ArrayList<>();
    new SyntheticHistory(first::add, 5, clock).atLeast(500);
    new SyntheticHistory(second::add, 5, clock).atLeast(500);
    assertThat(second).isEqualTo(first);
  }
}

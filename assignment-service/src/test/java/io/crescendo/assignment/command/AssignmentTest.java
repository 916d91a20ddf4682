package io.crescendo.assignment.command;

import static io.crescendo.assignment.command.Fakes.invalid;

import io.crescendo.assignment.api.AccessRefused;
import io.crescendo.assignment.api.CreateAssignment;
import io.crescendo.assignment.api.DeleteAssignment;
import io.crescendo.assignment.api.DiscardAssignment;
import io.crescendo.assignment.api.EditAssignment;
import io.crescendo.assignment.api.InvalidAssignment;
import io.crescendo.assignment.api.NotInThisStudy;
import io.crescendo.events.assignment.AssignmentCreated;
import io.crescendo.events.assignment.AssignmentDeleted;
import io.crescendo.events.assignment.AssignmentUpdated;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of an assignment (API-v1 §5.7.2, §5.7.4–5.7.6), one per test. */
class AssignmentTest {

  private static final Instant NOW = Instant.parse("2026-03-04T15:30:00Z");
  private static final Instant EARLIER = Instant.parse("2026-03-01T01:00:00Z");
  private static final UUID STUDY = UUID.fromString("8d1e2f3a-0000-4000-8000-000000000001");
  private static final UUID OTHER_STUDY = UUID.fromString("8d1e2f3a-0000-4000-8000-000000000002");
  private static final UUID LEADER = UUID.fromString("5f0c7a2e-0000-4000-8000-000000000001");
  private static final UUID ALICE = UUID.fromString("5f0c7a2e-0000-4000-8000-000000000002");
  private static final long ID = 42;

  private FixtureConfiguration<Assignment> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Assignment.class);
    fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    fixture.registerInjectableResource(
        new Fakes.Roster()
            .study(STUDY, LEADER, LocalDate.of(2026, 3, 1))
            .member(STUDY, ALICE)
            .study(OTHER_STUDY, ALICE, LocalDate.of(2026, 3, 1)));
  }

  @Test
  void theLeaderCreatesAnAssignmentWithTrimmedTexts() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateAssignment(ID, STUDY, LEADER, "  1주차  ", " JPA 정리\n"))
        .expectSuccessfulHandlerExecution()
        .expectEvents(new AssignmentCreated(ID, STUDY, LEADER, "1주차", "JPA 정리", NOW));
  }

  @Test
  void aMemberWhoIsNotTheLeaderCannotCreate() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateAssignment(ID, STUDY, ALICE, "t", "c"))
        .expectException(AccessRefused.class)
        .expectNoEvents();
  }

  @Test
  void bothFieldsAreRequiredAndNotBlankOnCreate() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateAssignment(ID, STUDY, LEADER, null, "   "))
        .expectException(invalid(InvalidAssignment.class, "title", "content"))
        .expectNoEvents();
  }

  @Test
  void theTitleHasAtMost64AndTheContentAtMost1500Characters() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateAssignment(ID, STUDY, LEADER, "t".repeat(64), "c".repeat(1500)))
        .expectSuccessfulHandlerExecution();
    fixture
        .givenNoPriorActivity()
        .when(new CreateAssignment(ID, STUDY, LEADER, "t".repeat(65), "c".repeat(1501)))
        .expectException(invalid(InvalidAssignment.class, "title", "content"));
  }

  @Test
  void limitsCountCharactersNotBytesOrUtf16Units() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateAssignment(ID, STUDY, LEADER, "😀".repeat(64), "과".repeat(1500)))
        .expectSuccessfulHandlerExecution();
  }

  @Test
  void putReplacesBothFields() {
    fixture
        .given(created())
        .when(new EditAssignment(ID, STUDY, LEADER, "new", "body", false))
        .expectEvents(new AssignmentUpdated(ID, STUDY, "new", "body", NOW));
  }

  @Test
  void putNeedsBothFields() {
    fixture
        .given(created())
        .when(new EditAssignment(ID, STUDY, LEADER, "new", null, false))
        .expectException(invalid(InvalidAssignment.class, "content"))
        .expectNoEvents();
  }

  @Test
  void patchChangesEitherField() {
    fixture
        .given(created())
        .when(new EditAssignment(ID, STUDY, LEADER, null, "more", true))
        .expectEvents(new AssignmentUpdated(ID, STUDY, "title", "more", NOW));
    fixture
        .given(created())
        .when(new EditAssignment(ID, STUDY, LEADER, "renamed", null, true))
        .expectEvents(new AssignmentUpdated(ID, STUDY, "renamed", "content", NOW));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void editsKeepTheLimits(boolean partial) {
    fixture
        .given(created())
        .when(new EditAssignment(ID, STUDY, LEADER, "x".repeat(65), " ", partial))
        .expectException(invalid(InvalidAssignment.class, "title", "content"))
        .expectNoEvents();
  }

  @Test
  void anEditThatChangesNothingPublishesNothing() {
    fixture
        .given(created())
        .when(new EditAssignment(ID, STUDY, LEADER, "title", "content", false))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void onlyTheLeaderEdits() {
    fixture
        .given(created())
        .when(new EditAssignment(ID, STUDY, ALICE, "x", "y", false))
        .expectException(AccessRefused.class)
        .expectNoEvents();
  }

  @Test
  void anAssignmentOfAnotherStudyIsNotFound() {
    // ALICE leads OTHER_STUDY, but the assignment belongs to STUDY
    fixture
        .given(created())
        .when(new EditAssignment(ID, OTHER_STUDY, ALICE, "x", "y", false))
        .expectException(NotInThisStudy.class);
    fixture
        .given(created())
        .when(new DeleteAssignment(ID, OTHER_STUDY, ALICE))
        .expectException(NotInThisStudy.class);
  }

  @Test
  void theLeaderDeletes() {
    fixture
        .given(created())
        .when(new DeleteAssignment(ID, STUDY, LEADER))
        .expectEvents(new AssignmentDeleted(ID, STUDY, NOW))
        .expectMarkedDeleted();
  }

  @Test
  void onlyTheLeaderDeletes() {
    fixture
        .given(created())
        .when(new DeleteAssignment(ID, STUDY, ALICE))
        .expectException(AccessRefused.class)
        .expectNoEvents();
  }

  @Test
  void aDeletedStudyDiscardsItsAssignmentWithoutACaller() {
    fixture
        .given(created())
        .when(new DiscardAssignment(ID))
        .expectEvents(new AssignmentDeleted(ID, STUDY, NOW))
        .expectMarkedDeleted();
  }

  @Test
  void aDeletedAssignmentIsGone() {
    fixture
        .given(created(), new AssignmentDeleted(ID, STUDY, EARLIER))
        .when(new EditAssignment(ID, STUDY, LEADER, "x", "y", false))
        .expectException(AggregateDeletedException.class);
  }

  private static AssignmentCreated created() {
    return new AssignmentCreated(ID, STUDY, LEADER, "title", "content", EARLIER);
  }
}

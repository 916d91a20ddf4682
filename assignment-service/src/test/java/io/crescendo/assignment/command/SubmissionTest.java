package io.crescendo.assignment.command;

import static io.crescendo.assignment.api.ValidationFailed.NON_FIELD_ERRORS;
import static io.crescendo.assignment.command.Fakes.invalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.assignment.api.AccessRefused;
import io.crescendo.assignment.api.DeleteSubmission;
import io.crescendo.assignment.api.DiscardSubmission;
import io.crescendo.assignment.api.EditSubmission;
import io.crescendo.assignment.api.InvalidSubmission;
import io.crescendo.assignment.api.NotInThisStudy;
import io.crescendo.assignment.api.SubmitWork;
import io.crescendo.events.assignment.SubmissionCreated;
import io.crescendo.events.assignment.SubmissionDeleted;
import io.crescendo.events.assignment.SubmissionUpdated;
import io.crescendo.web.html.QuillHtml;
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

/** The rules of a submission (API-v1 §5.8.2, §5.8.4–5.8.6, §8 #3), one per test. */
class SubmissionTest {

  /** 00:30 on 5 March in Seoul, still 4 March in UTC: the start date is judged in Seoul. */
  private static final Instant NOW = Instant.parse("2026-03-04T15:30:00Z");

  private static final LocalDate TODAY = LocalDate.of(2026, 3, 5);
  private static final Instant EARLIER = Instant.parse("2026-03-04T01:00:00Z");
  private static final UUID STUDY = UUID.fromString("8d1e2f3a-0000-4000-8000-000000000001");
  private static final UUID LATER_STUDY = UUID.fromString("8d1e2f3a-0000-4000-8000-000000000002");
  private static final UUID LEADER = UUID.fromString("5f0c7a2e-0000-4000-8000-000000000001");
  private static final UUID ALICE = UUID.fromString("5f0c7a2e-0000-4000-8000-000000000002");
  private static final UUID BOB = UUID.fromString("5f0c7a2e-0000-4000-8000-000000000003");
  private static final UUID STRANGER = UUID.fromString("5f0c7a2e-0000-4000-8000-000000000004");
  private static final long ASSIGNMENT = 7;
  private static final long ID = 9;

  private FixtureConfiguration<Submission> fixture;
  private Fakes.Roster roster;
  private Fakes.Claims claims;

  @BeforeEach
  void setUp() {
    roster =
        new Fakes.Roster()
            .study(STUDY, LEADER, TODAY)
            .member(STUDY, ALICE)
            .member(STUDY, BOB)
            .study(LATER_STUDY, LEADER, TODAY.plusDays(1))
            .member(LATER_STUDY, ALICE);
    claims = new Fakes.Claims();
    fixture = new AggregateTestFixture<>(Submission.class);
    fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    fixture.registerInjectableResource(roster);
    fixture.registerInjectableResource(claims);
    fixture.registerInjectableResource((HtmlSanitizer) new QuillHtml()::sanitize);
  }

  @Test
  void aMemberSubmitsOnTheStartDayInSeoulAndClaimsTheAssignment() {
    fixture
        .givenNoPriorActivity()
        .when(submit(ALICE, " 제출 ", "<p><strong>done</strong></p>"))
        .expectEvents(
            new SubmissionCreated(
                ID, ASSIGNMENT, STUDY, ALICE, "제출", "<p><strong>done</strong></p>", NOW));
    assertThat(claims.holds(ASSIGNMENT, ALICE)).isTrue();
  }

  @Test
  void theLeaderIsAMemberAndMaySubmit() {
    fixture
        .givenNoPriorActivity()
        .when(submit(LEADER, "t", "c"))
        .expectSuccessfulHandlerExecution();
  }

  @Test
  void aNonMemberCannotSubmit() {
    fixture
        .givenNoPriorActivity()
        .when(submit(STRANGER, "t", "c"))
        .expectException(AccessRefused.class)
        .expectNoEvents();
    assertThat(claims.rows).isEmpty();
  }

  @Test
  void aMemberSubmitsOncePerAssignment() {
    claims.claim(ASSIGNMENT, ALICE, 1);
    fixture
        .givenNoPriorActivity()
        .when(submit(ALICE, "t", "c"))
        .expectException(invalid(InvalidSubmission.class, NON_FIELD_ERRORS))
        .expectNoEvents();
  }

  @Test
  void notBeforeTheStudysStartDate() {
    fixture
        .givenNoPriorActivity()
        .when(new SubmitWork(ID, ASSIGNMENT, LATER_STUDY, ALICE, "t", "c"))
        .expectException(invalid(InvalidSubmission.class, NON_FIELD_ERRORS))
        .expectNoEvents();
    assertThat(claims.rows).isEmpty();
  }

  @Test
  void fieldErrorsComeBeforeStateRules() {
    claims.claim(ASSIGNMENT, ALICE, 1);
    fixture
        .givenNoPriorActivity()
        .when(submit(ALICE, "", null))
        .expectException(invalid(InvalidSubmission.class, "title", "content"));
  }

  @Test
  void scriptsHandlersAndJavascriptUrlsNeverReachTheEvent() {
    fixture
        .givenNoPriorActivity()
        .when(
            submit(
                ALICE,
                "t",
                "<p onclick=\"alert(1)\">hi<script>alert(2)</script>"
                    + "<a href=\"javascript:alert(3)\">x</a></p>"))
        .expectEventsMatching(
            org.axonframework.test.matchers.Matchers.exactSequenceOf(
                org.axonframework.test.matchers.Matchers.messageWithPayload(
                    new org.hamcrest.TypeSafeMatcher<SubmissionCreated>() {
                      @Override
                      protected boolean matchesSafely(SubmissionCreated e) {
                        String c = e.content().toLowerCase();
                        return c.contains("hi")
                            && !c.contains("script")
                            && !c.contains("onclick")
                            && !c.contains("javascript:");
                      }

                      @Override
                      public void describeTo(org.hamcrest.Description d) {
                        d.appendText("sanitized content");
                      }
                    }),
                org.axonframework.test.matchers.Matchers.andNoMore()));
  }

  @Test
  void contentThatSanitizesToNothingIsBlank() {
    fixture
        .givenNoPriorActivity()
        .when(submit(ALICE, "t", "<script>alert(1)</script>"))
        .expectException(invalid(InvalidSubmission.class, "content"));
  }

  @Test
  void theContentLimitIsMeasuredOnTheSanitizedText() {
    String kept = "<p>" + "a".repeat(1493) + "</p>"; // 1500 characters
    String dropped = "<script>" + "x".repeat(5000) + "</script>";
    fixture
        .givenNoPriorActivity()
        .when(submit(ALICE, "t", kept + dropped))
        .expectEvents(new SubmissionCreated(ID, ASSIGNMENT, STUDY, ALICE, "t", kept, NOW));
    fixture
        .givenNoPriorActivity()
        .when(submit(BOB, "t".repeat(65), "<p>" + "a".repeat(1494) + "</p>"))
        .expectException(invalid(InvalidSubmission.class, "title", "content"));
  }

  @Test
  void theAuthorReplacesBothFieldsWithPut() {
    fixture
        .given(created())
        .when(edit(ALICE, "new", "<p>new</p>", false))
        .expectEvents(new SubmissionUpdated(ID, ASSIGNMENT, STUDY, "new", "<p>new</p>", NOW));
  }

  @Test
  void putNeedsBothFieldsAndPatchEither() {
    fixture
        .given(created())
        .when(edit(ALICE, null, "<p>x</p>", false))
        .expectException(invalid(InvalidSubmission.class, "title"));
    fixture
        .given(created())
        .when(edit(ALICE, null, "<p>x<script>y</script></p>", true))
        .expectEvents(new SubmissionUpdated(ID, ASSIGNMENT, STUDY, "title", "<p>x</p>", NOW));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void editsKeepTheLimitsOnTheSanitizedContent(boolean partial) {
    fixture
        .given(created())
        .when(edit(ALICE, "t", "<img src=x onerror=alert(1)>", partial))
        .expectException(invalid(InvalidSubmission.class, "content"))
        .expectNoEvents();
  }

  @Test
  void onlyTheAuthorEdits() {
    fixture.given(created()).when(edit(BOB, "x", "y", false)).expectException(AccessRefused.class);
    fixture
        .given(created())
        .when(edit(LEADER, "x", "y", false))
        .expectException(AccessRefused.class);
  }

  @Test
  void anAuthorWhoLeftTheStudyCannotEdit() {
    roster.remove(STUDY, ALICE);
    fixture
        .given(created())
        .when(edit(ALICE, "x", "y", false))
        .expectException(AccessRefused.class)
        .expectNoEvents();
  }

  @Test
  void everyCommandIsScopedToItsStudyAndAssignment() {
    fixture
        .given(created())
        .when(new EditSubmission(ID, ASSIGNMENT + 1, STUDY, ALICE, "x", "y", false))
        .expectException(NotInThisStudy.class);
    fixture
        .given(created())
        .when(new DeleteSubmission(ID, ASSIGNMENT, LATER_STUDY, ALICE))
        .expectException(NotInThisStudy.class);
  }

  @Test
  void theAuthorDeletesAndReleasesTheClaim() {
    claims.claim(ASSIGNMENT, ALICE, ID);
    fixture
        .given(created())
        .when(new DeleteSubmission(ID, ASSIGNMENT, STUDY, ALICE))
        .expectEvents(new SubmissionDeleted(ID, ASSIGNMENT, STUDY, NOW))
        .expectMarkedDeleted();
    assertThat(claims.holds(ASSIGNMENT, ALICE)).isFalse();
  }

  @Test
  void theLeaderDeletesAnyonesSubmission() {
    fixture
        .given(created())
        .when(new DeleteSubmission(ID, ASSIGNMENT, STUDY, LEADER))
        .expectEvents(new SubmissionDeleted(ID, ASSIGNMENT, STUDY, NOW));
  }

  @Test
  void otherMembersCannotDelete() {
    fixture
        .given(created())
        .when(new DeleteSubmission(ID, ASSIGNMENT, STUDY, BOB))
        .expectException(AccessRefused.class)
        .expectNoEvents();
  }

  @Test
  void aCascadeDiscardsTheSubmissionAndReleasesTheClaim() {
    claims.claim(ASSIGNMENT, ALICE, ID);
    fixture
        .given(created())
        .when(new DiscardSubmission(ID))
        .expectEvents(new SubmissionDeleted(ID, ASSIGNMENT, STUDY, NOW))
        .expectMarkedDeleted();
    assertThat(claims.holds(ASSIGNMENT, ALICE)).isFalse();
  }

  @Test
  void aDeletedSubmissionIsGone() {
    fixture
        .given(created(), new SubmissionDeleted(ID, ASSIGNMENT, STUDY, EARLIER))
        .when(edit(ALICE, "x", "y", false))
        .expectException(AggregateDeletedException.class);
  }

  private static SubmitWork submit(UUID caller, String title, String content) {
    return new SubmitWork(ID, ASSIGNMENT, STUDY, caller, title, content);
  }

  private static EditSubmission edit(UUID caller, String title, String content, boolean partial) {
    return new EditSubmission(ID, ASSIGNMENT, STUDY, caller, title, content, partial);
  }

  private static SubmissionCreated created() {
    return new SubmissionCreated(ID, ASSIGNMENT, STUDY, ALICE, "title", "<p>c</p>", EARLIER);
  }
}

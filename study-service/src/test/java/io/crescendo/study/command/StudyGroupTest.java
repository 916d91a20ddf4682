package io.crescendo.study.command;

import static io.crescendo.study.api.ValidationFailed.NON_FIELD_ERRORS;

import io.crescendo.events.study.HeadImageChanged;
import io.crescendo.events.study.JoinRequestApproved;
import io.crescendo.events.study.JoinRequestRejected;
import io.crescendo.events.study.JoinRequestWithdrawn;
import io.crescendo.events.study.JoinRequested;
import io.crescendo.events.study.MemberRemoved;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.events.study.StudyGroupDeleted;
import io.crescendo.events.study.StudyGroupUpdated;
import io.crescendo.study.api.ApproveJoinRequest;
import io.crescendo.study.api.ChangeHeadImage;
import io.crescendo.study.api.CreateStudyGroup;
import io.crescendo.study.api.DeleteStudyGroup;
import io.crescendo.study.api.HeadImageChange;
import io.crescendo.study.api.InvalidJoinRequest;
import io.crescendo.study.api.InvalidStudyGroup;
import io.crescendo.study.api.JoinRequestAlreadyDecided;
import io.crescendo.study.api.JoinRequestNotFound;
import io.crescendo.study.api.LeaderCannotBeRemoved;
import io.crescendo.study.api.LeaveBecauseAccountDeleted;
import io.crescendo.study.api.MembershipNotFound;
import io.crescendo.study.api.NotTheLeader;
import io.crescendo.study.api.PatchStudyGroup;
import io.crescendo.study.api.RejectJoinRequest;
import io.crescendo.study.api.RemoveMember;
import io.crescendo.study.api.RequestToJoin;
import io.crescendo.study.api.StudyGroupDetails;
import io.crescendo.study.api.StudyGroupIsFull;
import io.crescendo.study.api.UpdateStudyGroup;
import io.crescendo.study.api.ValidationFailed;
import io.crescendo.web.html.QuillHtml;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules of a study group (API-v1 §5.3, §5.5, §5.6 and the fixes of §8), one per test. */
class StudyGroupTest {

  /** 00:30 on 5 March in Seoul, still 4 March in UTC: every date rule uses Seoul's calendar. */
  private static final Instant NOW = Instant.parse("2026-03-04T15:30:00Z");

  private static final LocalDate TODAY = LocalDate.of(2026, 3, 5);
  private static final LocalDate DEADLINE = TODAY.plusDays(3);
  private static final LocalDate START = TODAY.plusDays(5);
  private static final LocalDate END = TODAY.plusDays(60);

  private static final UUID STUDY = UUID.fromString("8d1e2f3a-0000-4000-8000-000000000001");
  private static final UUID LEADER = UUID.fromString("5f0c7a2e-0000-4000-8000-000000000001");
  private static final UUID ALICE = UUID.fromString("5f0c7a2e-0000-4000-8000-000000000002");
  private static final UUID BOB = UUID.fromString("5f0c7a2e-0000-4000-8000-000000000003");
  private static final UUID CAROL = UUID.fromString("5f0c7a2e-0000-4000-8000-000000000004");

  private static final long LEADER_MEMBERSHIP = 1;
  private static final long ALICE_REQUEST = 11;
  private static final long BOB_REQUEST = 12;
  private static final long CAROL_REQUEST = 13;
  private static final long ALICE_MEMBERSHIP = 21;
  private static final long BOB_MEMBERSHIP = 22;

  /** What the allocator hands out next in each test. */
  private static final long NEXT_MEMBERSHIP = 100;

  private static final long NEXT_REQUEST = 500;

  private static final String POST = "<p>매주 화요일 저녁 <strong>스프링</strong> 스터디</p>";

  private FixtureConfiguration<StudyGroup> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(StudyGroup.class);
    fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    fixture.registerInjectableResource(new CountingIdentifiers());
    fixture.registerInjectableResource((HtmlSanitizer) new QuillHtml()::sanitize);
  }

  // --- creating a study (§5.3.2) ---------------------------------------------------------------

  @Test
  void creatingAStudyMakesTheCallerItsOnlyLeaderWithANewMembership() {
    fixture
        .givenNoPriorActivity()
        .when(create(details(d -> {})))
        .expectEvents(
            new StudyGroupCreated(
                STUDY,
                LEADER,
                NEXT_MEMBERSHIP,
                "스프링 스터디원 모집",
                "Spring 4",
                POST,
                List.of("Backend"),
                List.of("spring"),
                4,
                START,
                END,
                DEADLINE,
                "head.png",
                NOW));
  }

  @Test
  void textsAreTrimmedTagsCollapseAndCategoriesFollowTheContractOrder() {
    fixture
        .givenNoPriorActivity()
        .when(
            create(
                details(
                    d -> {
                      d.postTitle = "  모집  ";
                      d.studyName = " Spring 4\n";
                      d.categories = List.of("DevOps", "Frontend", "DevOps");
                      d.tags = List.of(" spring ", "자바", "spring");
                    })))
        .expectEvents(
            createdNow(
                c -> {
                  c.postTitle = "모집";
                  c.categories = List.of("Frontend", "DevOps");
                  c.tags = List.of("spring", "자바");
                }));
  }

  @Test
  void aStudyWithoutTagsOrImageIsFine() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateStudyGroup(STUDY, LEADER, details(d -> d.tags = null), null))
        .expectEvents(
            createdNow(
                c -> {
                  c.tags = List.of();
                  c.headImage = null;
                }));
  }

  @Test
  void everyMissingFieldIsReportedAtOnce() {
    fixture
        .givenNoPriorActivity()
        .when(create(new StudyGroupDetails(null, null, null, null, null, null, null, null, null)))
        .expectException(
            invalid(
                InvalidStudyGroup.class,
                "post_title",
                "post_content",
                "study_name",
                "member_limit",
                "deadline",
                "start_date",
                "end_date",
                "categories"))
        .expectNoEvents();
  }

  @Test
  void blankTextsAreFieldErrors() {
    fixture
        .givenNoPriorActivity()
        .when(
            create(
                details(
                    d -> {
                      d.postTitle = "   ";
                      d.studyName = "";
                      d.postContent = " \n ";
                    })))
        .expectException(
            invalid(InvalidStudyGroup.class, "post_title", "post_content", "study_name"));
  }

  @Test
  void aPostTitleOfUpTo64CharactersIsAcceptedAndLongerIsAFieldError() {
    fixture
        .givenNoPriorActivity()
        .when(create(details(d -> d.postTitle = "가".repeat(64))))
        .expectSuccessfulHandlerExecution();
    setUp();
    fixture
        .givenNoPriorActivity()
        .when(create(details(d -> d.postTitle = "가".repeat(65))))
        .expectException(invalid(InvalidStudyGroup.class, "post_title"));
  }

  @Test
  void aStudyNameOfUpTo80CharactersIsAcceptedAndLongerIsAFieldError() {
    fixture
        .givenNoPriorActivity()
        .when(create(details(d -> d.studyName = "n".repeat(80))))
        .expectSuccessfulHandlerExecution();
    setUp();
    fixture
        .givenNoPriorActivity()
        .when(create(details(d -> d.studyName = "n".repeat(81))))
        .expectException(invalid(InvalidStudyGroup.class, "study_name"));
  }

  static Stream<List<String>> badTags() {
    return Stream.of(List.of("ok", ""), List.of("  "), List.of("t".repeat(21)));
  }

  @ParameterizedTest
  @MethodSource("badTags")
  void blankTagsAndTagsLongerThan20CharactersAreFieldErrors(List<String> tags) {
    fixture
        .givenNoPriorActivity()
        .when(create(details(d -> d.tags = tags)))
        .expectException(invalid(InvalidStudyGroup.class, "tags"));
  }

  @Test
  void aTagOf20CharactersIsAccepted() {
    fixture
        .givenNoPriorActivity()
        .when(create(details(d -> d.tags = List.of("t".repeat(20)))))
        .expectEvents(createdNow(c -> c.tags = List.of("t".repeat(20))));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {-1, 0, 1, 11})
  void aMemberLimitOutside2To10IsAFieldError(int limit) {
    fixture
        .givenNoPriorActivity()
        .when(create(details(d -> d.memberLimit = limit)))
        .expectException(invalid(InvalidStudyGroup.class, "member_limit"));
  }

  @Test
  void aStudyNeedsAtLeastOneCategory() {
    fixture
        .givenNoPriorActivity()
        .when(create(details(d -> d.categories = List.of())))
        .expectException(invalid(InvalidStudyGroup.class, "categories"));
  }

  @Test
  void categoriesMustBeExactlyOneOfTheEightNames() {
    fixture
        .givenNoPriorActivity()
        .when(create(details(d -> d.categories = List.of("Backend", "backend"))))
        .expectException(invalid(InvalidStudyGroup.class, "categories"));
  }

  @Test
  void aStartDateBeforeTodayIsAFieldError() {
    fixture
        .givenNoPriorActivity()
        .when(create(details(d -> d.startDate = TODAY.minusDays(1))))
        .expectException(invalid(InvalidStudyGroup.class, "start_date"));
  }

  static Stream<Arguments> datesOutOfOrder() {
    return Stream.of(
        Arguments.of("deadline today", TODAY, START, END),
        Arguments.of("deadline before today", TODAY.minusDays(1), START, END),
        Arguments.of("start on the deadline", DEADLINE, DEADLINE, END),
        Arguments.of("start before the deadline", DEADLINE, DEADLINE.minusDays(1), END),
        Arguments.of("end on the start", DEADLINE, START, START),
        Arguments.of("end before the start", DEADLINE, START, START.minusDays(1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("datesOutOfOrder")
  void datesMustRunStrictlyFromTodayToDeadlineToStartToEnd(
      String what, LocalDate deadline, LocalDate start, LocalDate end) {
    fixture
        .givenNoPriorActivity()
        .when(
            create(
                details(
                    d -> {
                      d.deadline = deadline;
                      d.startDate = start;
                      d.endDate = end;
                    })))
        .expectException(invalid(InvalidStudyGroup.class, NON_FIELD_ERRORS));
  }

  @Test
  void theTightestValidScheduleIsAccepted() {
    fixture
        .givenNoPriorActivity()
        .when(
            create(
                details(
                    d -> {
                      d.deadline = TODAY.plusDays(1);
                      d.startDate = TODAY.plusDays(2);
                      d.endDate = TODAY.plusDays(3);
                    })))
        .expectSuccessfulHandlerExecution();
  }

  @Test
  void todayIsTheCalendarDateInSeoul() {
    // 4 March in UTC, but already 5 March in Seoul: a deadline on 5 March is not in the future.
    fixture
        .givenNoPriorActivity()
        .when(create(details(d -> d.deadline = LocalDate.of(2026, 3, 5))))
        .expectException(invalid(InvalidStudyGroup.class, NON_FIELD_ERRORS));
  }

  @Test
  void fieldErrorsAreReportedWithoutTheRulesSpanningFields() {
    fixture
        .givenNoPriorActivity()
        .when(
            create(
                details(
                    d -> {
                      d.postTitle = "";
                      d.deadline = END;
                    })))
        .expectException(invalid(InvalidStudyGroup.class, "post_title"));
  }

  // --- the post is sanitized (§1.2) ------------------------------------------------------------

  @Test
  void thePostLosesScriptsHandlersAndJavascriptUrlsButKeepsQuillFormatting() {
    String dirty =
        "<h2 onclick=\"steal()\">모집</h2>"
            + "<p class=\"ql-align-center\">매주 <strong>화요일</strong>"
            + " <span style=\"color: rgb(230, 0, 0);\">저녁</span></p>"
            + "<script>alert(1)</script>"
            + "<p><img src=x onerror=alert(1)><a href=\"javascript:alert(1)\">link</a></p>";
    String clean =
        "<h2>모집</h2>"
            + "<p class=\"ql-align-center\">매주 <strong>화요일</strong>"
            + " <span style=\"color:rgb( 230 , 0 , 0 )\">저녁</span></p>"
            + "<p>link</p>";
    fixture
        .givenNoPriorActivity()
        .when(create(details(d -> d.postContent = dirty)))
        .expectEvents(createdNow(c -> c.postContent = clean));
  }

  @Test
  void aPostThatIsEmptyOnceSanitizedIsBlank() {
    fixture
        .givenNoPriorActivity()
        .when(create(details(d -> d.postContent = "<script>alert(1)</script>")))
        .expectException(invalid(InvalidStudyGroup.class, "post_content"));
  }

  @Test
  void aPostOf20000CharactersIsAccepted() {
    String post = "<p>" + "가".repeat(19_993) + "</p>";
    fixture
        .givenNoPriorActivity()
        .when(create(details(d -> d.postContent = post)))
        .expectEvents(createdNow(c -> c.postContent = post));
  }

  @Test
  void thePostLengthIsCheckedOnTheSanitizedValue() {
    String removedMarkup = "<script>x</script>".repeat(5_000);
    fixture
        .givenNoPriorActivity()
        .when(create(details(d -> d.postContent = removedMarkup + POST)))
        .expectEvents(createdNow(c -> {}));
    setUp();
    fixture
        .givenNoPriorActivity()
        .when(
            create(
                details(d -> d.postContent = "<p>" + "가".repeat(StudyGroupRules.POST_CONTENT_MAX))))
        .expectException(invalid(InvalidStudyGroup.class, "post_content"));
  }

  // --- editing: PUT (§5.3.4), PATCH (§5.3.5), the image ----------------------------------------

  @Test
  void onlyTheLeaderMayEditTheStudy() {
    fixture
        .given(created(c -> {}))
        .when(new UpdateStudyGroup(STUDY, ALICE, details(d -> {}), null))
        .expectException(NotTheLeader.class);
  }

  @Test
  void anUpdateReplacesEveryEditableField() {
    fixture
        .given(created(c -> {}))
        .when(
            new UpdateStudyGroup(
                STUDY,
                LEADER,
                details(
                    d -> {
                      d.postTitle = "2기 모집";
                      d.categories = List.of("AI");
                      d.tags = null;
                      d.memberLimit = 6;
                    }),
                null))
        .expectEvents(
            new StudyGroupUpdated(
                STUDY,
                "2기 모집",
                "Spring 4",
                POST,
                List.of("AI"),
                List.of(),
                6,
                START,
                END,
                DEADLINE,
                NOW));
  }

  @Test
  void anUpdateThatChangesNothingPublishesNothing() {
    fixture
        .given(created(c -> {}))
        .when(new UpdateStudyGroup(STUDY, LEADER, details(d -> {}), null))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void anUpdateMissingAFieldIsAFieldErrorNotAKeptValue() {
    fixture
        .given(created(c -> {}))
        .when(new UpdateStudyGroup(STUDY, LEADER, details(d -> d.studyName = null), null))
        .expectException(invalid(InvalidStudyGroup.class, "study_name"));
  }

  @Test
  void theMemberLimitCannotGoBelowTheCurrentMemberCount() {
    fixture
        .given(
            created(c -> {}),
            requested(ALICE, ALICE_REQUEST),
            approved(ALICE, ALICE_REQUEST, ALICE_MEMBERSHIP),
            requested(BOB, BOB_REQUEST),
            approved(BOB, BOB_REQUEST, BOB_MEMBERSHIP))
        .when(new UpdateStudyGroup(STUDY, LEADER, details(d -> d.memberLimit = 2), null))
        .expectException(invalid(InvalidStudyGroup.class, "member_limit"));
  }

  @Test
  void theMemberLimitMayBeLoweredToTheCurrentMemberCount() {
    fixture
        .given(
            created(c -> {}),
            requested(ALICE, ALICE_REQUEST),
            approved(ALICE, ALICE_REQUEST, ALICE_MEMBERSHIP))
        .when(new UpdateStudyGroup(STUDY, LEADER, details(d -> d.memberLimit = 3), null))
        .expectSuccessfulHandlerExecution();
  }

  @Test
  void aFullStudyIsClosedAndCannotBeEdited() {
    fixture
        .given(
            created(c -> c.memberLimit = 2),
            requested(ALICE, ALICE_REQUEST),
            approved(ALICE, ALICE_REQUEST, ALICE_MEMBERSHIP))
        .when(new UpdateStudyGroup(STUDY, LEADER, details(d -> d.memberLimit = 2), null))
        .expectException(invalid(InvalidStudyGroup.class, NON_FIELD_ERRORS));
  }

  @Test
  void onTheDeadlineDayTheStudyCanNoLongerBeEdited() {
    fixture
        .given(created(c -> c.deadline = TODAY))
        .when(new UpdateStudyGroup(STUDY, LEADER, details(d -> d.deadline = TODAY), null))
        .expectException(invalid(InvalidStudyGroup.class, NON_FIELD_ERRORS));
  }

  @Test
  void aPatchKeepsOmittedFieldsAndPublishesTheMergedState() {
    fixture
        .given(created(c -> {}))
        .when(new PatchStudyGroup(STUDY, LEADER, changes(d -> d.postTitle = "제목만 바꿈"), null))
        .expectEvents(
            new StudyGroupUpdated(
                STUDY,
                "제목만 바꿈",
                "Spring 4",
                POST,
                List.of("Backend"),
                List.of("spring"),
                4,
                START,
                END,
                DEADLINE,
                NOW));
  }

  @Test
  void aPatchIsValidatedOnTheMergedValues() {
    fixture
        .given(created(c -> {}))
        .when(new PatchStudyGroup(STUDY, LEADER, changes(d -> d.deadline = START), null))
        .expectException(invalid(InvalidStudyGroup.class, NON_FIELD_ERRORS));
  }

  @Test
  void onlyTheLeaderMayPatchTheStudy() {
    fixture
        .given(created(c -> {}))
        .when(new PatchStudyGroup(STUDY, BOB, StudyGroupDetails.unchanged(), null))
        .expectException(NotTheLeader.class);
  }

  @Test
  void anEditWithANewImageChangesBothTogether() {
    fixture
        .given(created(c -> {}))
        .when(
            new UpdateStudyGroup(
                STUDY,
                LEADER,
                details(d -> d.studyName = "Spring 5"),
                HeadImageChange.replaceWith("new.png")))
        .expectEvents(
            new StudyGroupUpdated(
                STUDY,
                "스프링 스터디원 모집",
                "Spring 5",
                POST,
                List.of("Backend"),
                List.of("spring"),
                4,
                START,
                END,
                DEADLINE,
                NOW),
            new HeadImageChanged(STUDY, "new.png", NOW));
  }

  @Test
  void aRefusedEditLeavesTheImageAlone() {
    fixture
        .given(created(c -> {}))
        .when(
            new PatchStudyGroup(
                STUDY,
                LEADER,
                changes(d -> d.memberLimit = 11),
                HeadImageChange.replaceWith("new.png")))
        .expectException(InvalidStudyGroup.class)
        .expectNoEvents();
  }

  @Test
  void removingTheImageBringsBackTheDefaultPicture() {
    fixture
        .given(created(c -> {}))
        .when(
            new PatchStudyGroup(
                STUDY, LEADER, StudyGroupDetails.unchanged(), HeadImageChange.remove()))
        .expectEvents(new HeadImageChanged(STUDY, null, NOW));
  }

  @Test
  void theImageAloneCanBeChangedByTheLeader() {
    fixture
        .given(created(c -> c.headImage = null))
        .when(new ChangeHeadImage(STUDY, LEADER, HeadImageChange.replaceWith("cover.png")))
        .expectEvents(new HeadImageChanged(STUDY, "cover.png", NOW));
  }

  @Test
  void removingAMissingImageChangesNothing() {
    fixture
        .given(created(c -> c.headImage = null))
        .when(new ChangeHeadImage(STUDY, LEADER, HeadImageChange.remove()))
        .expectNoEvents();
  }

  @Test
  void onlyTheLeaderMayChangeTheImage() {
    fixture
        .given(created(c -> {}))
        .when(new ChangeHeadImage(STUDY, ALICE, HeadImageChange.remove()))
        .expectException(NotTheLeader.class);
  }

  // --- deleting (§5.3.6) -----------------------------------------------------------------------

  @Test
  void onlyTheLeaderMayDeleteTheStudy() {
    fixture
        .given(
            created(c -> {}),
            requested(ALICE, ALICE_REQUEST),
            approved(ALICE, ALICE_REQUEST, ALICE_MEMBERSHIP))
        .when(new DeleteStudyGroup(STUDY, ALICE))
        .expectException(NotTheLeader.class);
  }

  @Test
  void theLeaderDeletesTheStudy() {
    fixture
        .given(created(c -> {}))
        .when(new DeleteStudyGroup(STUDY, LEADER))
        .expectEvents(new StudyGroupDeleted(STUDY, NOW))
        .expectMarkedDeleted();
  }

  @Test
  void aDeletedStudyTakesNoMoreCommands() {
    fixture
        .given(created(c -> {}), new StudyGroupDeleted(STUDY, NOW))
        .when(new RequestToJoin(STUDY, ALICE, "hello"))
        .expectException(AggregateDeletedException.class);
  }

  // --- applying (§5.6.2) -----------------------------------------------------------------------

  @Test
  void applyingCreatesAPendingRequestWithTheMessageAsSent() {
    fixture
        .given(created(c -> {}))
        .when(new RequestToJoin(STUDY, ALICE, " 함께하고 싶어요! "))
        .expectEvents(new JoinRequested(STUDY, NEXT_REQUEST, ALICE, " 함께하고 싶어요! ", NOW));
  }

  static Stream<String> badMessages() {
    return Stream.of(null, "", "   ", "m".repeat(501));
  }

  @ParameterizedTest
  @MethodSource("badMessages")
  void theMessageIsRequiredNotBlankAndAtMost500Characters(String message) {
    fixture
        .given(created(c -> {}))
        .when(new RequestToJoin(STUDY, ALICE, message))
        .expectException(invalid(InvalidJoinRequest.class, "request_message"));
  }

  @Test
  void aMessageOf500CharactersIsAccepted() {
    fixture
        .given(created(c -> {}))
        .when(new RequestToJoin(STUDY, ALICE, "m".repeat(500)))
        .expectSuccessfulHandlerExecution();
  }

  @Test
  void theLeaderCannotApplyToTheirOwnStudy() {
    fixture
        .given(created(c -> {}))
        .when(new RequestToJoin(STUDY, LEADER, "me too"))
        .expectException(invalid(InvalidJoinRequest.class, NON_FIELD_ERRORS));
  }

  @Test
  void aMemberCannotApplyAgain() {
    fixture
        .given(
            created(c -> {}),
            requested(ALICE, ALICE_REQUEST),
            approved(ALICE, ALICE_REQUEST, ALICE_MEMBERSHIP))
        .when(new RequestToJoin(STUDY, ALICE, "again"))
        .expectException(invalid(InvalidJoinRequest.class, NON_FIELD_ERRORS));
  }

  @Test
  void aPendingRequestBlocksASecondOne() {
    fixture
        .given(created(c -> {}), requested(ALICE, ALICE_REQUEST))
        .when(new RequestToJoin(STUDY, ALICE, "again"))
        .expectException(invalid(InvalidJoinRequest.class, NON_FIELD_ERRORS));
  }

  @Test
  void aRejectedApplicantCannotApplyAgain() {
    fixture
        .given(created(c -> {}), requested(ALICE, ALICE_REQUEST), rejected(ALICE, ALICE_REQUEST))
        .when(new RequestToJoin(STUDY, ALICE, "please"))
        .expectException(invalid(InvalidJoinRequest.class, NON_FIELD_ERRORS));
  }

  @Test
  void aRemovedMemberMayApplyAgain() {
    fixture
        .given(
            created(c -> {}),
            requested(ALICE, ALICE_REQUEST),
            approved(ALICE, ALICE_REQUEST, ALICE_MEMBERSHIP),
            removed(ALICE, ALICE_MEMBERSHIP))
        .when(new RequestToJoin(STUDY, ALICE, "I'm back"))
        .expectEvents(new JoinRequested(STUDY, NEXT_REQUEST, ALICE, "I'm back", NOW));
  }

  @Test
  void applyingIsOpenUntilTheEndOfTheDeadlineDay() {
    fixture
        .given(created(c -> c.deadline = TODAY))
        .when(new RequestToJoin(STUDY, ALICE, "just in time"))
        .expectSuccessfulHandlerExecution();
  }

  @Test
  void aStudyPastItsDeadlineIsClosedToApplicants() {
    fixture
        .given(created(c -> c.deadline = TODAY.minusDays(1)))
        .when(new RequestToJoin(STUDY, ALICE, "too late"))
        .expectException(invalid(InvalidJoinRequest.class, NON_FIELD_ERRORS));
  }

  @Test
  void aFullStudyIsClosedToApplicants() {
    fixture
        .given(
            created(c -> c.memberLimit = 2),
            requested(ALICE, ALICE_REQUEST),
            approved(ALICE, ALICE_REQUEST, ALICE_MEMBERSHIP))
        .when(new RequestToJoin(STUDY, BOB, "room for one more?"))
        .expectException(invalid(InvalidJoinRequest.class, NON_FIELD_ERRORS));
  }

  @Test
  void theMessageIsCheckedBeforeTheStudyState() {
    fixture
        .given(created(c -> c.deadline = TODAY.minusDays(1)))
        .when(new RequestToJoin(STUDY, ALICE, " "))
        .expectException(invalid(InvalidJoinRequest.class, "request_message"));
  }

  // --- approving (§5.6.3) ----------------------------------------------------------------------

  @Test
  void approvingMakesTheApplicantAMemberWithANewMembership() {
    fixture
        .given(created(c -> {}), requested(ALICE, ALICE_REQUEST))
        .when(new ApproveJoinRequest(STUDY, ALICE_REQUEST, LEADER))
        .expectEvents(new JoinRequestApproved(STUDY, ALICE_REQUEST, ALICE, NEXT_MEMBERSHIP, NOW));
  }

  @Test
  void onlyTheLeaderMayApprove() {
    fixture
        .given(created(c -> {}), requested(ALICE, ALICE_REQUEST))
        .when(new ApproveJoinRequest(STUDY, ALICE_REQUEST, ALICE))
        .expectException(NotTheLeader.class);
  }

  @Test
  void approvingARequestThatIsNotOfThisStudyIsNotFound() {
    fixture
        .given(created(c -> {}), requested(ALICE, ALICE_REQUEST))
        .when(new ApproveJoinRequest(STUDY, 999, LEADER))
        .expectException(JoinRequestNotFound.class);
  }

  @Test
  void approvingTwiceIsRefusedAsAlreadyDecided() {
    fixture
        .given(
            created(c -> {}),
            requested(ALICE, ALICE_REQUEST),
            approved(ALICE, ALICE_REQUEST, ALICE_MEMBERSHIP))
        .when(new ApproveJoinRequest(STUDY, ALICE_REQUEST, LEADER))
        .expectException(JoinRequestAlreadyDecided.class);
  }

  @Test
  void approvingARejectedRequestIsRefusedAsAlreadyDecided() {
    fixture
        .given(created(c -> {}), requested(ALICE, ALICE_REQUEST), rejected(ALICE, ALICE_REQUEST))
        .when(new ApproveJoinRequest(STUDY, ALICE_REQUEST, LEADER))
        .expectException(JoinRequestAlreadyDecided.class);
  }

  @Test
  void approvingWhenTheStudyIsFullIsRefused() {
    fixture
        .given(
            created(c -> c.memberLimit = 2),
            requested(ALICE, ALICE_REQUEST),
            requested(BOB, BOB_REQUEST),
            approved(ALICE, ALICE_REQUEST, ALICE_MEMBERSHIP))
        .when(new ApproveJoinRequest(STUDY, BOB_REQUEST, LEADER))
        .expectException(StudyGroupIsFull.class);
  }

  @Test
  void removingAMemberMakesRoomForAnother() {
    fixture
        .given(
            created(c -> c.memberLimit = 2),
            requested(ALICE, ALICE_REQUEST),
            requested(BOB, BOB_REQUEST),
            approved(ALICE, ALICE_REQUEST, ALICE_MEMBERSHIP),
            removed(ALICE, ALICE_MEMBERSHIP))
        .when(new ApproveJoinRequest(STUDY, BOB_REQUEST, LEADER))
        .expectEvents(new JoinRequestApproved(STUDY, BOB_REQUEST, BOB, NEXT_MEMBERSHIP, NOW));
  }

  @Test
  void approvingAfterTheDeadlineIsAllowedWhileThereIsRoom() {
    fixture
        .given(created(c -> c.deadline = TODAY.minusDays(2)), requested(ALICE, ALICE_REQUEST))
        .when(new ApproveJoinRequest(STUDY, ALICE_REQUEST, LEADER))
        .expectEvents(new JoinRequestApproved(STUDY, ALICE_REQUEST, ALICE, NEXT_MEMBERSHIP, NOW));
  }

  // --- rejecting (§5.6.4) ----------------------------------------------------------------------

  @Test
  void rejectingTurnsAPendingRequestDown() {
    fixture
        .given(created(c -> {}), requested(ALICE, ALICE_REQUEST))
        .when(new RejectJoinRequest(STUDY, ALICE_REQUEST, LEADER))
        .expectEvents(new JoinRequestRejected(STUDY, ALICE_REQUEST, ALICE, NOW));
  }

  @Test
  void onlyTheLeaderMayReject() {
    fixture
        .given(created(c -> {}), requested(ALICE, ALICE_REQUEST))
        .when(new RejectJoinRequest(STUDY, ALICE_REQUEST, BOB))
        .expectException(NotTheLeader.class);
  }

  static Stream<Arguments> requestsThatCannotBeRejected() {
    return Stream.of(
        Arguments.of("unknown", List.of()),
        Arguments.of("approved", List.of(approved(ALICE, ALICE_REQUEST, ALICE_MEMBERSHIP))),
        Arguments.of("rejected", List.of(rejected(ALICE, ALICE_REQUEST))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requestsThatCannotBeRejected")
  void onlyAPendingRequestOfThisStudyCanBeRejected(String what, List<Object> history) {
    List<Object> given = new ArrayList<>(List.of(created(c -> {})));
    if (!what.equals("unknown")) {
      given.add(requested(ALICE, ALICE_REQUEST));
    }
    given.addAll(history);
    fixture
        .given(given)
        .when(new RejectJoinRequest(STUDY, ALICE_REQUEST, LEADER))
        .expectException(JoinRequestNotFound.class);
  }

  // --- removing members (§5.5.2) ---------------------------------------------------------------

  @Test
  void theLeaderRemovesAMember() {
    fixture
        .given(
            created(c -> {}),
            requested(ALICE, ALICE_REQUEST),
            approved(ALICE, ALICE_REQUEST, ALICE_MEMBERSHIP))
        .when(new RemoveMember(STUDY, ALICE_MEMBERSHIP, LEADER))
        .expectEvents(new MemberRemoved(STUDY, ALICE_MEMBERSHIP, ALICE, NOW));
  }

  @Test
  void onlyTheLeaderMayRemoveMembers() {
    fixture
        .given(
            created(c -> {}),
            requested(ALICE, ALICE_REQUEST),
            approved(ALICE, ALICE_REQUEST, ALICE_MEMBERSHIP),
            requested(BOB, BOB_REQUEST),
            approved(BOB, BOB_REQUEST, BOB_MEMBERSHIP))
        .when(new RemoveMember(STUDY, ALICE_MEMBERSHIP, BOB))
        .expectException(NotTheLeader.class);
  }

  @Test
  void removingAMembershipThatIsNotOfThisStudyIsNotFound() {
    fixture
        .given(created(c -> {}))
        .when(new RemoveMember(STUDY, 999, LEADER))
        .expectException(MembershipNotFound.class);
  }

  @Test
  void removingAMemberTwiceIsNotFound() {
    fixture
        .given(
            created(c -> {}),
            requested(ALICE, ALICE_REQUEST),
            approved(ALICE, ALICE_REQUEST, ALICE_MEMBERSHIP),
            removed(ALICE, ALICE_MEMBERSHIP))
        .when(new RemoveMember(STUDY, ALICE_MEMBERSHIP, LEADER))
        .expectException(MembershipNotFound.class);
  }

  @Test
  void theLeaderCannotBeRemoved() {
    fixture
        .given(created(c -> {}))
        .when(new RemoveMember(STUDY, LEADER_MEMBERSHIP, LEADER))
        .expectException(LeaderCannotBeRemoved.class)
        .expectNoEvents();
  }

  // --- deleted accounts (§5.2.3) ---------------------------------------------------------------

  @Test
  void aDeletedAccountLosesItsMembership() {
    fixture
        .given(
            created(c -> {}),
            requested(ALICE, ALICE_REQUEST),
            approved(ALICE, ALICE_REQUEST, ALICE_MEMBERSHIP))
        .when(new LeaveBecauseAccountDeleted(STUDY, ALICE))
        .expectEvents(new MemberRemoved(STUDY, ALICE_MEMBERSHIP, ALICE, NOW));
  }

  @Test
  void aDeletedAccountsPendingRequestIsWithdrawnAndOthersStay() {
    fixture
        .given(
            created(c -> {}),
            requested(ALICE, ALICE_REQUEST),
            requested(BOB, BOB_REQUEST),
            requested(CAROL, CAROL_REQUEST),
            rejected(CAROL, CAROL_REQUEST))
        .when(new LeaveBecauseAccountDeleted(STUDY, BOB))
        .expectEvents(new JoinRequestWithdrawn(STUDY, BOB_REQUEST, BOB, NOW));
  }

  @Test
  void aWithdrawnRequestIsNoLongerThere() {
    fixture
        .given(
            created(c -> {}),
            requested(ALICE, ALICE_REQUEST),
            new JoinRequestWithdrawn(STUDY, ALICE_REQUEST, ALICE, NOW))
        .when(new ApproveJoinRequest(STUDY, ALICE_REQUEST, LEADER))
        .expectException(JoinRequestNotFound.class);
  }

  @Test
  void aDeletedLeaderTakesTheStudyWithThem() {
    fixture
        .given(
            created(c -> {}),
            requested(ALICE, ALICE_REQUEST),
            approved(ALICE, ALICE_REQUEST, ALICE_MEMBERSHIP))
        .when(new LeaveBecauseAccountDeleted(STUDY, LEADER))
        .expectEvents(new StudyGroupDeleted(STUDY, NOW))
        .expectMarkedDeleted();
  }

  @Test
  void aDeletedAccountWithNothingInTheStudyChangesNothing() {
    fixture
        .given(created(c -> {}), requested(ALICE, ALICE_REQUEST), rejected(ALICE, ALICE_REQUEST))
        .when(new LeaveBecauseAccountDeleted(STUDY, ALICE))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** A valid proposal; tests change what they are about. */
  private static final class Draft {
    String postTitle = "스프링 스터디원 모집";
    String studyName = "Spring 4";
    String postContent = POST;
    List<String> categories = List.of("Backend");
    List<String> tags = List.of("spring");
    Integer memberLimit = 4;
    LocalDate startDate = START;
    LocalDate endDate = END;
    LocalDate deadline = DEADLINE;
    String headImage = "head.png";
  }

  private static StudyGroupDetails details(Consumer<Draft> change) {
    Draft d = new Draft();
    change.accept(d);
    return new StudyGroupDetails(
        d.postTitle,
        d.studyName,
        d.postContent,
        d.categories,
        d.tags,
        d.memberLimit,
        d.startDate,
        d.endDate,
        d.deadline);
  }

  /** Only what {@code change} sets; everything else omitted (null). */
  private static StudyGroupDetails changes(Consumer<Draft> change) {
    Draft d = new Draft();
    d.postTitle = null;
    d.studyName = null;
    d.postContent = null;
    d.categories = null;
    d.tags = null;
    d.memberLimit = null;
    d.startDate = null;
    d.endDate = null;
    d.deadline = null;
    change.accept(d);
    return new StudyGroupDetails(
        d.postTitle,
        d.studyName,
        d.postContent,
        d.categories,
        d.tags,
        d.memberLimit,
        d.startDate,
        d.endDate,
        d.deadline);
  }

  private static CreateStudyGroup create(StudyGroupDetails details) {
    return new CreateStudyGroup(STUDY, LEADER, details, "head.png");
  }

  /** The study as the default draft creates it, led by LEADER with membership 1. */
  private static StudyGroupCreated created(Consumer<Draft> change) {
    Draft d = new Draft();
    change.accept(d);
    return new StudyGroupCreated(
        STUDY,
        LEADER,
        LEADER_MEMBERSHIP,
        d.postTitle,
        d.studyName,
        d.postContent,
        d.categories,
        d.tags,
        d.memberLimit,
        d.startDate,
        d.endDate,
        d.deadline,
        d.headImage,
        NOW);
  }

  /** The event a CreateStudyGroup of the draft produces: the leader gets the next membership id. */
  private static StudyGroupCreated createdNow(Consumer<Draft> change) {
    StudyGroupCreated c = created(change);
    return new StudyGroupCreated(
        c.studyId(),
        c.leaderId(),
        NEXT_MEMBERSHIP,
        c.postTitle(),
        c.studyName(),
        c.postContent(),
        c.categories(),
        c.tags(),
        c.memberLimit(),
        c.startDate(),
        c.endDate(),
        c.deadline(),
        c.headImage(),
        c.occurredAt());
  }

  private static JoinRequested requested(UUID user, long requestId) {
    return new JoinRequested(STUDY, requestId, user, "let me in", NOW);
  }

  private static JoinRequestApproved approved(UUID user, long requestId, long membershipId) {
    return new JoinRequestApproved(STUDY, requestId, user, membershipId, NOW);
  }

  private static JoinRequestRejected rejected(UUID user, long requestId) {
    return new JoinRequestRejected(STUDY, requestId, user, NOW);
  }

  private static MemberRemoved removed(UUID user, long membershipId) {
    return new MemberRemoved(STUDY, membershipId, user, NOW);
  }

  /** A validation failure of this type whose body has exactly these keys, in this order. */
  private static Matcher<ValidationFailed> invalid(
      Class<? extends ValidationFailed> type, String... keys) {
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

  /** Ids counting up from fixed starting points, like the database sequences. */
  private static final class CountingIdentifiers implements IdentifierAllocator {

    private final AtomicLong memberships = new AtomicLong(NEXT_MEMBERSHIP);
    private final AtomicLong requests = new AtomicLong(NEXT_REQUEST);

    @Override
    public long nextMembershipId() {
      return memberships.getAndIncrement();
    }

    @Override
    public long nextRequestId() {
      return requests.getAndIncrement();
    }
  }
}

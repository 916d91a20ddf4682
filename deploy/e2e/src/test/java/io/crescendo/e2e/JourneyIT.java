package io.crescendo.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.crescendo.events.PublicEvent;
import io.crescendo.events.TopicSpec;
import io.crescendo.events.Topics;
import io.crescendo.events.assignment.AssignmentCreated;
import io.crescendo.events.assignment.AssignmentDeleted;
import io.crescendo.events.assignment.AssignmentUpdated;
import io.crescendo.events.assignment.SubmissionCreated;
import io.crescendo.events.assignment.SubmissionDeleted;
import io.crescendo.events.assignment.SubmissionUpdated;
import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.study.JoinRequestApproved;
import io.crescendo.events.study.JoinRequestRejected;
import io.crescendo.events.study.JoinRequested;
import io.crescendo.events.study.MemberRemoved;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.events.study.StudyGroupDeleted;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The whole platform in one story, through the gateway only, as the frontend drives it (API-v1):
 * two people sign up, one opens studies and the other joins, they work on an assignment, rename
 * themselves and delete their accounts; then the Kafka topics as another team reads them.
 */
class JourneyIT {

  private static final String PASSWORD = "correct horse battery";
  private static final String STUDIES = "/api/v1/studygroup/studies/";
  private static final String ME = "/api/v1/auth/profiles/me/";
  private static final String CONSISTENCY = "Crescendo-Consistency";
  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern DATE_TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

  /** The `filter` values of API-v1 §5.2.4; "" stands for both an empty and an absent filter. */
  private static final List<String> MY_STUDY_FILTERS =
      List.of("current", "requested", "approved", "disapproved", "as_leader", "");

  private LocalStack stack;

  /** A signed-up person, with their current access token. */
  private record Account(
      String email, String id, String username, Instant createdAt, String token) {
    Account with(String newToken) {
      return new Account(email, id, username, createdAt, newToken);
    }
  }

  @Test
  void twoPeopleFromSignUpToAccountDeletion() throws Exception {
    stack = LocalStack.shared();
    long began = System.nanoTime();
    Instant firstEvent = serviceClock().minusSeconds(60);
    String run = UUID.randomUUID().toString().substring(0, 8);
    // A keyword no other study of the shared stack contains, so that searches answer exactly.
    String keyword = randomHangul();

    // 1. Two people sign up; an e-mail is taken whatever its case.
    Account leader = signUp("journey-leader-" + run + "@example.com", "리더" + run.substring(0, 4));
    Account member = signUp("journey-member-" + run + "@example.com", "멤버" + run.substring(0, 4));
    refused(
        stack.send(
            "POST",
            "/api/v1/auth/signup/",
            Map.of("email", member.email().toUpperCase(Locale.ROOT), "password", PASSWORD),
            null),
        400,
        "email");

    // 2. The leader opens study A with a head image, and study B without one (the frontend
    // sends an empty file part then).
    LocalDate today = stack.today();
    LocalDate startDate = today.plusDays(2);
    byte[] cover = png();
    var createdA =
        applied(
            new Multipart()
                .field("post_title", "알고리즘 스터디 " + keyword)
                .field("study_name", "Algorithm Crew " + run)
                .field("post_content", "<p>매주 <strong>그래프</strong> 문제</p><script>alert(1)</script>")
                .field("member_limit", "2")
                .field("deadline", today.plusDays(1).toString())
                .field("start_date", startDate.toString())
                .field("end_date", today.plusDays(30).toString())
                .field("categories", "Backend")
                .field("categories", "AI")
                .field("tags", "알고리즘")
                .field("tags", "java")
                .file("head_image", "cover.png", "image/png", cover)
                .send(stack, "POST", STUDIES, leader.token()),
            201);
    Map<String, Object> a = json(createdA);
    String studyA = (String) a.get("uuid");
    assertListItem(a, "알고리즘 스터디 " + keyword, "Algorithm Crew " + run, leader);
    assertThat(a).doesNotContainKey("post_content"); // 201 is the list shape (§5.3.2)
    assertThat(strings(a.get("categories"))).containsExactlyInAnyOrder("Backend", "AI");
    assertThat(strings(a.get("tags"))).containsExactlyInAnyOrder("알고리즘", "java");
    assertThat(a).containsEntry("member_limit", 2).containsEntry("current_member_count", 1);
    assertThat(a).containsEntry("until_deadline", 1).containsEntry("is_closed", false);
    String image = (String) a.get("head_image");
    assertThat(image).startsWith(stack.baseUrl() + "/media/study-images/");
    HttpResponse<byte[]> served = fetch(image);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type")).contains("image/png");
    assertThat(served.body()).isEqualTo(cover);

    Map<String, Object> detailA = read(STUDIES + studyA + "/", null, 200);
    assertThat(detailA).containsAllEntriesOf(a); // the detail is the list item plus more
    assertThat((String) detailA.get("post_content"))
        .contains("<strong>그래프</strong>")
        .doesNotContain("<script>");
    assertThat(detailA)
        .containsEntry("deadline", today.plusDays(1).toString())
        .containsEntry("start_date", startDate.toString())
        .containsEntry("end_date", today.plusDays(30).toString());
    assertThat((String) detailA.get("created_at")).matches(DATE_TIME);
    assertThat((String) detailA.get("updated_at")).matches(DATE_TIME);

    Map<String, Object> b =
        json(
            applied(
                new Multipart()
                    .field("post_title", "면접 대비 모임")
                    .field("study_name", "면접 준비반 " + keyword)
                    .field("post_content", "<p>모의 면접</p>")
                    .field("member_limit", "4")
                    .field("deadline", today.plusDays(1).toString())
                    .field("start_date", startDate.toString())
                    .field("end_date", today.plusDays(14).toString())
                    .field("categories", "Interview")
                    .file("head_image", "", "application/octet-stream", new byte[0])
                    .send(stack, "POST", STUDIES, leader.token()),
                201));
    String studyB = (String) b.get("uuid");
    assertListItem(b, "면접 대비 모임", "면접 준비반 " + keyword, leader);
    assertThat(strings(b.get("tags"))).isEmpty();
    assertThat(b).containsEntry("head_image", "https://picsum.photos/seed/" + studyB + "/1080");

    // 3. Search as the search page does: one keyword as post_title and study_name (OR), by tag,
    // by categories (all of them), newest first.
    String kw = "post_title=" + encode(keyword) + "&study_name=" + encode(keyword);
    assertThat(search(kw)).containsExactly(studyB, studyA); // A by title, B by name
    String korean = "post_title=" + encode("알고리즘") + "&study_name=" + encode("알고리즘");
    assertThat(search(korean)).contains(studyA).doesNotContain(studyB);
    assertThat(search("tags=" + encode("알고리즘"))).contains(studyA).doesNotContain(studyB);
    assertThat(search("categories=Backend&categories=AI")).contains(studyA).doesNotContain(studyB);
    assertThat(search(kw + "&categories=AI")).containsExactly(studyA);
    assertThat(search(kw + "&categories=Interview")).containsExactly(studyB);
    assertThat(search(kw + "&categories=Backend&categories=Interview")).isEmpty();
    assertThat(search(kw + "&categories=Mobile")).isEmpty();
    String other = randomHangul();
    assertThat(search("post_title=" + encode(other) + "&study_name=" + encode(other)))
        .doesNotContain(studyA, studyB);
    refused(stack.send("GET", STUDIES + "?categories=Cooking", null, null), 400, "categories");

    // 4. The member asks to join both; the leader approves A and rejects B.
    String messageA = "그래프 같이 풀어요";
    assertThat(json(applied(requestToJoin(studyA, messageA, member), 201)))
        .isEqualTo(Map.of("request_message", messageA));
    applied(requestToJoin(studyB, "면접 연습 함께해요", member), 201);
    assertMyStudies(
        member,
        Map.of(
            "requested", List.of(studyB, studyA),
            "current", List.of(),
            "approved", List.of(),
            "disapproved", List.of(),
            "as_leader", List.of(),
            "", List.of()));
    refused(
        stack.send("GET", STUDIES + studyA + "/requests/", null, member.token()), 403, "detail");
    Map<String, Object> requestA = onlyRequest(studyA, leader, member, messageA);
    Map<String, Object> requestB = onlyRequest(studyB, leader, member, "면접 연습 함께해요");
    long requestIdA = id(requestA);
    long requestIdB = id(requestB);
    var approval =
        applied(
            stack.send(
                "POST", STUDIES + studyA + "/requests/" + requestIdA + "/", null, leader.token()),
            201);
    assertThat(approval.body()).isEqualTo("{}");
    applied(
        stack.send(
            "DELETE", STUDIES + studyB + "/requests/" + requestIdB + "/", null, leader.token()),
        204);
    assertThat(readList(STUDIES + studyA + "/requests/", leader)).isEmpty();
    assertThat(readList(STUDIES + studyB + "/requests/", leader)).isEmpty();

    Map<String, Map<String, Object>> members = members(studyA, member);
    assertThat(members.keySet()).containsExactlyInAnyOrder(leader.id(), member.id());
    assertMember(members.get(leader.id()), leader, true);
    assertMember(members.get(member.id()), member, false);
    long membershipId = id(members.get(member.id()));
    // Two of two: A is full, hence closed (API-v1 §1.5 uses ≥).
    assertThat(read(STUDIES + studyA + "/", null, 200))
        .containsEntry("current_member_count", 2)
        .containsEntry("is_closed", true);
    assertMyStudies(
        member,
        Map.of(
            "requested", List.of(),
            "current", List.of(),
            "approved", List.of(studyA),
            "disapproved", List.of(studyB),
            "as_leader", List.of(),
            "", List.of(studyA)));
    assertMyStudies(leader, leaderOf(studyB, studyA));

    // 5. An assignment; submissions are refused before the start date.
    String assignments = STUDIES + studyA + "/assignments/";
    Map<String, String> task = Map.of("title", "1주차: 그래프 탐색", "content", "BFS와 DFS 문제 다섯 개");
    assertThat(json(applied(stack.send("POST", assignments, task, leader.token()), 201)))
        .isEqualTo(task);
    List<Map<String, Object>> listed =
        results(read(assignments + "?truncate=120", member.token(), 200));
    assertThat(listed).hasSize(1);
    Map<String, Object> assignment = listed.getFirst();
    long assignmentId = id(assignment);
    assertThat(assignment).containsAllEntriesOf(task);
    assertProfile(assignment.get("author"), leader);
    // Anyone but a member gets every field but the content.
    assertThat(results(read(assignments, null, 200)).getFirst()).containsEntry("content", "");

    String assignmentPath = assignments + assignmentId; // the frontend's form, no final slash
    String submissions = assignmentPath + "/submissions/";
    Map<String, String> work =
        Map.of("title", "1주차 풀이", "content", "<p>BFS 풀이</p><img src=x onerror=alert(1)>");
    refused(stack.send("POST", submissions, work, member.token()), 400, "non_field_errors");

    // Two days later (same data, every service's clock shifted) it is the start date: A is
    // both "approved" and "current" for the member (API-v1 §5.2.4).
    stack = LocalStack.restartShared(stack.clockOffset().plusDays(2));
    assertThat(stack.today()).isEqualTo(startDate);
    leader = leader.with(login(leader.email()));
    member = member.with(login(member.email()));

    Map<String, Object> submitted =
        json(applied(stack.send("POST", submissions, work, member.token()), 201));
    assertThat(submitted).containsEntry("title", "1주차 풀이");
    assertThat((String) submitted.get("content")).contains("BFS 풀이").doesNotContain("onerror");
    refused(stack.send("POST", submissions, work, member.token()), 400, "non_field_errors");
    List<Map<String, Object>> mine =
        results(read(assignmentPath + "/submissions", member.token(), 200));
    assertThat(mine).hasSize(1);
    long submissionId = id(mine.getFirst());
    String submission = submissions + submissionId + "/";

    Map<String, String> edited = Map.of("title", "1주차 풀이 (수정)", "content", "<p>BFS와 DFS 풀이</p>");
    assertThat(json(applied(stack.send("PUT", submission, edited, member.token()), 200)))
        .isEqualTo(edited);
    Map<String, String> task2 =
        Map.of("title", "1주차: 그래프 탐색 (수정)", "content", "BFS, DFS, 다익스트라 문제 다섯 개");
    assertThat(json(applied(stack.send("PUT", assignmentPath, task2, leader.token()), 200)))
        .isEqualTo(task2);

    Map<String, Object> assignmentRead = read(assignmentPath, member.token(), 200);
    assertThat(assignmentRead).containsAllEntriesOf(task2).containsEntry("id", (int) assignmentId);
    assertProfile(assignmentRead.get("author"), leader);
    List<Map<String, Object>> submissionList =
        results(read(assignmentPath + "/submissions", leader.token(), 200));
    assertThat(submissionList).hasSize(1);
    assertThat(submissionList.getFirst())
        .containsEntry("id", (int) submissionId)
        .containsEntry("title", edited.get("title"));
    assertProfile(submissionList.getFirst().get("author"), member);
    Map<String, Object> submissionRead = read(submission, leader.token(), 200);
    assertThat(submissionRead).containsAllEntriesOf(edited);
    assertProfile(submissionRead.get("author"), member);

    // 6. My studies under every filter, for both, on the start day.
    assertMyStudies(
        member,
        Map.of(
            "requested", List.of(),
            "current", List.of(studyA),
            "approved", List.of(studyA),
            "disapproved", List.of(studyB),
            "as_leader", List.of(),
            "", List.of(studyA)));
    assertMyStudies(leader, leaderOf(studyB, studyA));
    refused(
        stack.send("GET", ME + "studies?filter=mine&cursor=", null, member.token()), 400, "filter");
    refused(stack.send("GET", ME + "studies?filter=current&cursor=", null, null), 401, "detail");

    // 7. Both rename themselves; every list that shows a name shows the new one.
    member = rename(member, "새멤버" + run.substring(0, 4));
    leader = rename(leader, "새리더" + run.substring(0, 4));
    members = members(studyA, leader);
    assertMember(members.get(leader.id()), leader, true);
    assertMember(members.get(member.id()), member, false);
    assertProfile(
        results(read(assignmentPath + "/submissions", member.token(), 200))
            .getFirst()
            .get("author"),
        member);
    assertProfile(read(submission, member.token(), 200).get("author"), member);
    assertProfile(read(assignmentPath, member.token(), 200).get("author"), leader);
    assertProfile(results(read(assignments, null, 200)).getFirst().get("author"), leader);
    assertLeader(read(STUDIES + studyA + "/", null, 200), leader);
    for (Map<String, Object> item : results(read(STUDIES + "?" + kw, null, 200))) {
      assertLeader(item, leader);
    }

    // 8. The member deletes their account: membership, submission and tokens go with it.
    applied(stack.send("DELETE", ME, null, member.token()), 204);
    refused(stack.send("GET", ME, null, member.token()), 401, "detail");
    refused(
        stack.send(
            "POST",
            "/api/v1/auth/login/",
            Map.of("email", member.email(), "password", PASSWORD),
            null),
        401,
        "detail");
    refused(
        stack.send("GET", "/api/v1/auth/profiles/" + member.id() + "/", null, null), 404, "detail");
    assertThat(members(studyA, leader).keySet()).containsExactly(leader.id());
    Map<String, Object> afterMember = read(STUDIES + studyA + "/", null, 200);
    assertThat(afterMember).containsEntry("current_member_count", 1);
    // The image outlived the restart, now under the gateway's new address.
    String imageNow = (String) afterMember.get("head_image");
    assertThat(imageNow).isEqualTo(stack.baseUrl() + URI.create(image).getRawPath());
    assertThat(fetch(imageNow).body()).isEqualTo(cover);
    assertThat(results(read(assignmentPath + "/submissions", leader.token(), 200))).isEmpty();
    refused(stack.send("GET", submission, null, leader.token()), 404, "detail");
    assertThat(read(assignmentPath, leader.token(), 200)).containsAllEntriesOf(task2);
    assertMyStudies(leader, leaderOf(studyB, studyA));

    // Then the leader deletes theirs: the studies they lead go with it (API-v1 §5.2.3 fix).
    applied(stack.send("DELETE", ME, null, leader.token()), 204);
    refused(stack.send("GET", ME, null, leader.token()), 401, "detail");
    for (String study : List.of(studyA, studyB)) {
      refused(stack.send("GET", STUDIES + study + "/", null, null), 404, "detail");
      refused(stack.send("GET", STUDIES + study + "/members/", null, null), 404, "detail");
    }
    assertThat(search(kw)).isEmpty();
    assertThat(search(korean)).doesNotContain(studyA);
    refused(stack.send("GET", assignments + "?truncate=120", null, null), 404, "detail");
    refused(stack.send("GET", assignmentPath, null, null), 404, "detail");
    refused(stack.send("GET", submission, null, null), 404, "detail");
    // study-service deletes the image file when it applies the cascade, after the answer.
    await("the head image of the deleted study")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(fetch(imageNow).statusCode()).isEqualTo(404));

    // 9. Kafka, as another team reads it, once the cascades of the deletions are out.
    Map<Aggregate, List<Class<? extends PublicEvent>>> expected = new LinkedHashMap<>();
    expected.put(
        new Aggregate(Topics.IDENTITY_USER, leader.id()),
        List.of(UserRegistered.class, UsernameChanged.class, UserDeleted.class));
    expected.put(
        new Aggregate(Topics.IDENTITY_USER, member.id()),
        List.of(UserRegistered.class, UsernameChanged.class, UserDeleted.class));
    expected.put(
        new Aggregate(Topics.STUDY_STUDYGROUP, studyA),
        List.of(
            StudyGroupCreated.class,
            JoinRequested.class,
            JoinRequestApproved.class,
            MemberRemoved.class,
            StudyGroupDeleted.class));
    expected.put(
        new Aggregate(Topics.STUDY_STUDYGROUP, studyB),
        List.of(
            StudyGroupCreated.class,
            JoinRequested.class,
            JoinRequestRejected.class,
            StudyGroupDeleted.class));
    expected.put(
        new Aggregate(Topics.ASSIGNMENT_ASSIGNMENT, Long.toString(assignmentId)),
        List.of(AssignmentCreated.class, AssignmentUpdated.class, AssignmentDeleted.class));
    expected.put(
        new Aggregate(Topics.ASSIGNMENT_SUBMISSION, Long.toString(submissionId)),
        List.of(SubmissionCreated.class, SubmissionUpdated.class, SubmissionDeleted.class));
    EventLog log = awaitHistories(expected);

    // Every record on every public topic, not only this journey's: keys, sequences, headers.
    assertThat(log.violations())
        .as("rules of docs/events.md broken among %d records", log.entries().size())
        .isEmpty();
    List<String> keys = expected.keySet().stream().map(Aggregate::key).toList();
    assertThat(log.deadLetters())
        .as("records of this journey parked on a dead-letter topic")
        .noneMatch(r -> keys.contains(r.key()));

    // This journey's events carry what the API answered, at plausible times, causes first.
    Instant lastEvent = serviceClock().plusSeconds(60);
    Map<Aggregate, List<EventEnvelope>> histories = new LinkedHashMap<>();
    expected.keySet().forEach(s -> histories.put(s, log.history(s.topic(), s.key())));
    histories.forEach(
        (stream, history) ->
            assertThat(history.stream().map(EventEnvelope::time).toList())
                .as(stream + " ce_time")
                .isSorted()
                .allMatch(t -> !t.isBefore(firstEvent) && !t.isAfter(lastEvent)));
    List<EventEnvelope> leaderEvents =
        histories.get(new Aggregate(Topics.IDENTITY_USER, leader.id()));
    List<EventEnvelope> memberEvents =
        histories.get(new Aggregate(Topics.IDENTITY_USER, member.id()));
    List<EventEnvelope> aEvents = histories.get(new Aggregate(Topics.STUDY_STUDYGROUP, studyA));
    List<EventEnvelope> bEvents = histories.get(new Aggregate(Topics.STUDY_STUDYGROUP, studyB));
    List<EventEnvelope> assignmentEvents =
        histories.get(new Aggregate(Topics.ASSIGNMENT_ASSIGNMENT, Long.toString(assignmentId)));
    List<EventEnvelope> submissionEvents =
        histories.get(new Aggregate(Topics.ASSIGNMENT_SUBMISSION, Long.toString(submissionId)));
    UUID leaderId = UUID.fromString(leader.id());
    UUID memberId = UUID.fromString(member.id());

    assertThat(data(memberEvents, 0, UserRegistered.class))
        .returns(member.email(), UserRegistered::email)
        .returns("멤버" + run.substring(0, 4), UserRegistered::username);
    assertThat(data(memberEvents, 1, UsernameChanged.class).username())
        .isEqualTo(member.username());
    assertThat(data(leaderEvents, 1, UsernameChanged.class).username())
        .isEqualTo(leader.username());
    StudyGroupCreated createdEvent = data(aEvents, 0, StudyGroupCreated.class);
    assertThat(createdEvent)
        .returns(leaderId, StudyGroupCreated::leaderId)
        .returns("알고리즘 스터디 " + keyword, StudyGroupCreated::postTitle)
        .returns(2, StudyGroupCreated::memberLimit)
        .returns(startDate, StudyGroupCreated::startDate);
    assertThat(createdEvent.categories()).containsExactlyInAnyOrder("Backend", "AI");
    assertThat(image).endsWith("/" + createdEvent.headImage());
    assertThat(data(aEvents, 1, JoinRequested.class))
        .returns(requestIdA, JoinRequested::requestId)
        .returns(memberId, JoinRequested::userId)
        .returns(messageA, JoinRequested::requestMessage);
    assertThat(data(aEvents, 2, JoinRequestApproved.class))
        .returns(requestIdA, JoinRequestApproved::requestId)
        .returns(memberId, JoinRequestApproved::userId)
        .returns(membershipId, JoinRequestApproved::membershipId);
    assertThat(data(aEvents, 3, MemberRemoved.class))
        .returns(membershipId, MemberRemoved::membershipId)
        .returns(memberId, MemberRemoved::userId);
    assertThat(data(bEvents, 0, StudyGroupCreated.class).headImage()).isNull();
    assertThat(data(bEvents, 2, JoinRequestRejected.class))
        .returns(requestIdB, JoinRequestRejected::requestId)
        .returns(memberId, JoinRequestRejected::userId);
    assertThat(data(assignmentEvents, 0, AssignmentCreated.class))
        .returns(UUID.fromString(studyA), AssignmentCreated::studyId)
        .returns(leaderId, AssignmentCreated::authorId)
        .returns(task.get("title"), AssignmentCreated::title);
    assertThat(data(assignmentEvents, 1, AssignmentUpdated.class).title())
        .isEqualTo(task2.get("title"));
    assertThat(data(submissionEvents, 0, SubmissionCreated.class))
        .returns(assignmentId, SubmissionCreated::assignmentId)
        .returns(UUID.fromString(studyA), SubmissionCreated::studyId)
        .returns(memberId, SubmissionCreated::authorId);
    assertThat(data(submissionEvents, 1, SubmissionUpdated.class).title())
        .isEqualTo(edited.get("title"));
    Instant memberDeleted = memberEvents.get(2).time();
    Instant leaderDeleted = leaderEvents.get(2).time();
    assertThat(aEvents.get(3).time()).isAfterOrEqualTo(memberDeleted);
    assertThat(submissionEvents.get(2).time()).isAfterOrEqualTo(memberDeleted);
    assertThat(aEvents.get(4).time()).isAfterOrEqualTo(leaderDeleted);
    assertThat(bEvents.get(3).time()).isAfterOrEqualTo(leaderDeleted);
    assertThat(assignmentEvents.get(2).time()).isAfterOrEqualTo(aEvents.get(4).time());

    System.out.printf(
        "journey: %d s; %d records on the public topics checked, %d parked in all%n",
        Duration.ofNanos(System.nanoTime() - began).toSeconds(),
        log.entries().size(),
        log.deadLetters().size());
  }

  /** One aggregate's history on Kafka: its topic and record key. */
  private record Aggregate(TopicSpec topic, String key) {
    List<Class<? extends PublicEvent>> types(EventLog log) {
      return log.history(topic, key).stream()
          .<Class<? extends PublicEvent>>map(
              e -> e == null ? PublicEvent.class : e.data().getClass())
          .toList();
    }
  }

  // --- Accounts -------------------------------------------------------------------------------

  /** Sign-up (§9.1): exactly the two tokens, then the profile (§5.2.1) as given. */
  private Account signUp(String email, String username) throws Exception {
    Map<String, Object> tokens =
        json(
            applied(
                stack.send(
                    "POST",
                    "/api/v1/auth/signup/",
                    Map.of("email", email, "password", PASSWORD, "username", username),
                    null),
                201));
    assertThat(tokens).containsOnlyKeys("access", "refresh");
    String token = (String) tokens.get("access");
    Map<String, Object> me = read(ME, token, 200);
    Account account =
        new Account(email, (String) me.get("uuid"), username, instant(me.get("created_at")), token);
    assertThat(UUID.fromString(account.id()).toString()).isEqualTo(account.id());
    assertProfile(me, account);
    return account;
  }

  private String login(String email) throws Exception {
    var response =
        stack.send(
            "POST", "/api/v1/auth/login/", Map.of("email", email, "password", PASSWORD), null);
    assertThat(response.statusCode()).as(describe(response)).isEqualTo(200);
    Map<String, Object> tokens = json(response);
    assertThat(tokens).containsOnlyKeys("access", "refresh");
    return (String) tokens.get("access");
  }

  /** §5.2.2: the answer and the next profile read show the new name. */
  private Account rename(Account account, String username) throws Exception {
    Account renamed =
        new Account(account.email(), account.id(), username, account.createdAt(), account.token());
    var response = stack.send("PUT", ME, Map.of("username", username), account.token());
    Map<String, Object> profile = json(applied(response, 200));
    assertProfile(profile, renamed);
    assertThat(instant(profile.get("updated_at"))).isAfter(account.createdAt());
    assertProfile(read(ME, account.token(), 200), renamed);
    return renamed;
  }

  /** A Profile (§3) of {@code who}. */
  private static void assertProfile(Object profile, Account who) {
    assertThat(profile).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) profile;
    assertThat(map)
        .containsOnlyKeys("uuid", "email", "username", "created_at", "updated_at")
        .containsEntry("uuid", who.id())
        .containsEntry("email", who.email())
        .containsEntry("username", who.username());
    assertThat((String) map.get("created_at")).matches(DATE_TIME);
    assertThat((String) map.get("updated_at")).matches(DATE_TIME);
    // Read models join the same user: identity's sign-up time. Within 1 µs: identity-service
    // lets PostgreSQL round the instant to microseconds, search-service truncates it.
    assertThat(instant(map.get("created_at")))
        .as("created_at of " + map)
        .isCloseTo(who.createdAt(), within(1, ChronoUnit.MICROS));
    assertThat(instant(map.get("updated_at")))
        .as("updated_at of " + map)
        .isAfterOrEqualTo(who.createdAt().minus(1, ChronoUnit.MICROS));
  }

  private static Instant instant(Object dateTime) {
    return OffsetDateTime.parse((String) dateTime).toInstant();
  }

  // --- Studies --------------------------------------------------------------------------------

  /** A StudyListItem (§3) led by {@code leader}. */
  private static void assertListItem(
      Map<String, Object> study, String postTitle, String studyName, Account leader) {
    assertThat(study)
        .containsKeys(
            "uuid",
            "head_image",
            "leaders",
            "post_title",
            "study_name",
            "until_deadline",
            "is_closed",
            "tags",
            "categories",
            "current_member_count",
            "member_limit")
        .containsEntry("post_title", postTitle)
        .containsEntry("study_name", studyName);
    assertThat(UUID.fromString((String) study.get("uuid")).toString()).isEqualTo(study.get("uuid"));
    assertLeader(study, leader);
  }

  private static void assertLeader(Map<String, Object> study, Account leader) {
    assertThat(study.get("leaders"))
        .as("leaders of " + study.get("uuid"))
        .isEqualTo(
            List.of(
                Map.of(
                    "uuid", leader.id(), "email", leader.email(), "username", leader.username())));
  }

  /** Every page of a study list query (§5.3.1), as the frontend calls it (no final slash). */
  private List<String> search(String query) throws Exception {
    List<String> ids = new ArrayList<>();
    String next = "/api/v1/studygroup/studies?" + query;
    while (next != null) {
      Map<String, Object> page = read(next, null, 200);
      results(page).forEach(study -> ids.add((String) study.get("uuid")));
      String link = (String) page.get("next");
      if (link == null) {
        next = null;
      } else {
        assertThat(link).startsWith(stack.baseUrl() + "/api/v1/studygroup/studies");
        URI uri = URI.create(link);
        next = uri.getRawPath() + "?" + uri.getRawQuery();
      }
    }
    return ids;
  }

  private HttpResponse<String> requestToJoin(String study, String message, Account who)
      throws Exception {
    return stack.send(
        "POST", STUDIES + study + "/requests/", Map.of("request_message", message), who.token());
  }

  /** The one pending request of a study (§5.6.1), as its leader sees it. */
  private Map<String, Object> onlyRequest(
      String study, Account leader, Account applicant, String message) throws Exception {
    List<Map<String, Object>> requests = readList(STUDIES + study + "/requests/", leader);
    assertThat(requests).hasSize(1);
    Map<String, Object> request = requests.getFirst();
    assertThat(request)
        .containsOnlyKeys("id", "user", "request_message")
        .containsEntry("request_message", message);
    assertProfile(request.get("user"), applicant);
    id(request);
    return request;
  }

  /** The member list (§5.5.1) by user id. */
  private Map<String, Map<String, Object>> members(String study, Account reader) throws Exception {
    Map<String, Map<String, Object>> byUser = new LinkedHashMap<>();
    for (Map<String, Object> member : readList(STUDIES + study + "/members/", reader)) {
      String user = (String) ((Map<?, ?>) member.get("user")).get("uuid");
      assertThat(byUser.put(user, member)).as("two memberships of " + user).isNull();
    }
    return byUser;
  }

  private static void assertMember(Map<String, Object> member, Account who, boolean leader) {
    assertThat(member)
        .as("membership of " + who.username())
        .isNotNull()
        .containsOnlyKeys("id", "user", "is_leader", "created_at")
        .containsEntry("is_leader", leader);
    assertThat((String) member.get("created_at")).matches(DATE_TIME);
    assertProfile(member.get("user"), who);
    id(member);
  }

  /** What a user who leads these studies (newest first) and belongs to no other has. */
  private static Map<String, List<String>> leaderOf(String... studies) {
    return Map.of(
        "requested", List.of(),
        "current", List.of(),
        "approved", List.of(),
        "disapproved", List.of(),
        "as_leader", List.of(studies),
        "", List.of(studies));
  }

  /**
   * {@code me/studies} (§5.2.4) under every filter, as the frontend calls it ({@code
   * ?filter=<f>&cursor=}, no final slash), plus without any filter: exactly these studies, newest
   * first, each item agreeing with the study's detail.
   */
  private void assertMyStudies(Account who, Map<String, List<String>> expected) throws Exception {
    assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(MY_STUDY_FILTERS);
    Map<String, Map<String, Object>> details = new LinkedHashMap<>();
    for (String filter : MY_STUDY_FILTERS) {
      List<String> paths = new ArrayList<>(List.of(ME + "studies?filter=" + filter + "&cursor="));
      if (filter.isEmpty()) {
        paths.add(ME + "studies/");
      }
      for (String path : paths) {
        Map<String, Object> page = read(path, who.token(), 200);
        assertThat(page).containsEntry("next", null).containsEntry("previous", null);
        List<Map<String, Object>> items = results(page);
        assertThat(items.stream().map(item -> item.get("uuid")).toList())
            .as(who.username() + " " + path)
            .isEqualTo(expected.get(filter));
        for (Map<String, Object> item : items) {
          String id = (String) item.get("uuid");
          if (!details.containsKey(id)) {
            details.put(id, read(STUDIES + id + "/", null, 200));
          }
          assertMyStudyItem(item, details.get(id));
        }
      }
    }
  }

  /** A MyStudyItem (§3): {@code name}, a date for {@code created_at}, no {@code member_limit}. */
  private static void assertMyStudyItem(Map<String, Object> item, Map<String, Object> detail) {
    assertThat(item)
        .containsOnlyKeys(
            "uuid",
            "head_image",
            "name",
            "categories",
            "start_date",
            "end_date",
            "deadline",
            "created_at",
            "until_deadline",
            "is_closed",
            "current_member_count")
        .containsEntry("name", detail.get("study_name"))
        .containsEntry(
            "created_at",
            OffsetDateTime.parse((String) detail.get("created_at"))
                .atZoneSameInstant(SEOUL)
                .toLocalDate()
                .toString());
    for (String same :
        List.of(
            "head_image",
            "start_date",
            "end_date",
            "deadline",
            "until_deadline",
            "is_closed",
            "current_member_count")) {
      assertThat(item).containsEntry(same, detail.get(same));
    }
    assertThat(strings(item.get("categories")))
        .containsExactlyInAnyOrderElementsOf(strings(detail.get("categories")));
    assertThat((String) item.get("start_date")).matches(DATE);
  }

  // --- Kafka ----------------------------------------------------------------------------------

  /** Reads the topics again until every stream shows exactly the expected event types. */
  private EventLog awaitHistories(Map<Aggregate, List<Class<? extends PublicEvent>>> expected) {
    AtomicReference<EventLog> last = new AtomicReference<>();
    await("this journey's events on Kafka")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              EventLog log = EventLog.read(stack.kafkaBootstrapServers());
              last.set(log);
              expected.forEach(
                  (stream, types) ->
                      assertThat(stream.types(log)).as(stream.toString()).isEqualTo(types));
            });
    return last.get();
  }

  private static <T> T data(List<EventEnvelope> history, int index, Class<T> type) {
    return type.cast(history.get(index).data());
  }

  /** Now on the services' clock (CRESCENDO_CLOCK_OFFSET): the time of their events. */
  private Instant serviceClock() {
    return ZonedDateTime.now(ZoneOffset.UTC).plus(stack.clockOffset()).toInstant();
  }

  // --- HTTP -----------------------------------------------------------------------------------

  /** A successful write: the status, and answered only once search-service applied it (§1.7). */
  private static HttpResponse<String> applied(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(describe(response)).isEqualTo(status);
    assertThat(response.headers().firstValue(CONSISTENCY))
        .as("read-your-writes of " + describe(response))
        .contains("applied");
    return response;
  }

  /** A refusal: the status and the contract's error key (§1.4); nothing stored, nothing held. */
  private static void refused(HttpResponse<String> response, int status, String key) {
    assertThat(response.statusCode()).as(describe(response)).isEqualTo(status);
    assertThat(json(response)).as(describe(response)).containsKey(key);
    assertThat(response.headers().firstValue(CONSISTENCY)).as(describe(response)).isEmpty();
  }

  private Map<String, Object> read(String path, String token, int status) throws Exception {
    var response = stack.send("GET", path, null, token);
    assertThat(response.statusCode()).as(describe(response)).isEqualTo(status);
    return json(response);
  }

  private List<Map<String, Object>> readList(String path, Account who) throws Exception {
    var response = stack.send("GET", path, null, who.token());
    assertThat(response.statusCode()).as(describe(response)).isEqualTo(200);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list = LocalStack.JSON.readValue(response.body(), List.class);
    return list;
  }

  private static HttpResponse<byte[]> fetch(String url) throws Exception {
    return LocalStack.HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(HttpResponse<String> response) {
    return LocalStack.JSON.readValue(response.body(), Map.class);
  }

  /** The items of a cursor page (§1.6). */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> results(Map<String, Object> page) {
    assertThat(page).containsKeys("next", "previous", "results");
    return (List<Map<String, Object>>) page.get("results");
  }

  /** An object's integer id (§1.1: JSON integers, never strings). */
  private static long id(Map<String, Object> object) {
    assertThat(object.get("id")).as("id of " + object).isInstanceOf(Integer.class);
    long id = (Integer) object.get("id");
    assertThat(id).isPositive();
    return id;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object array) {
    return (List<String>) array;
  }

  private static String describe(HttpResponse<?> response) {
    return response.request().method()
        + " "
        + response.request().uri()
        + " → "
        + response.statusCode()
        + " "
        + response.body();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, UTF_8);
  }

  /** Four random Hangul syllables. */
  private static String randomHangul() {
    StringBuilder word = new StringBuilder();
    ThreadLocalRandom.current()
        .ints(4, 0xAC00, 0xD7A4)
        .forEach(syllable -> word.append((char) syllable));
    return word.toString();
  }

  /** A small PNG that is not all black, so that the served bytes are recognisably ours. */
  private static byte[] png() throws IOException {
    var image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    var graphics = image.createGraphics();
    graphics.setColor(new Color(ThreadLocalRandom.current().nextInt(0x1000000)));
    graphics.fillRect(0, 0, 16, 8);
    graphics.dispose();
    var out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}

package io.crescendo.search.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crescendo.search.testsupport.Feed;
import io.crescendo.search.testsupport.ReadSideTest;
import io.crescendo.web.testsupport.IdentityTokens;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/**
 * The assignment and submission reads (API-v1 §5.7.1, §5.7.3, §5.8.1, §5.8.3) over real HTTP, fed
 * on the real topics as assignment-service publishes.
 */
@SuppressWarnings("unchecked")
class AssignmentReadApiTest extends ReadSideTest {

  static final String STUDIES = "/api/v1/studygroup/studies/";

  final Feed feed = Feed.kafka();

  /** A study with its leader, a member and a user who is not a member. */
  final class Scene {
    final UUID leader = feed.user();
    final UUID member = feed.user();
    final UUID stranger = feed.user();
    final Feed.Study study = feed.study(leader);

    Scene() {
      study.join(member);
    }

    String assignments() {
      return STUDIES + study.id + "/assignments";
    }

    String assignment(long id) {
      return assignments() + "/" + id;
    }

    String submissions(long assignment) {
      return assignment(assignment) + "/submissions";
    }

    /** Waits until the members list shows both members. */
    Scene ready() {
      awaitList(STUDIES + study.id + "/members", leader, list -> list.size() == 2);
      return this;
    }
  }

  // --- §5.7.1 the list ---

  @Test
  void membersReadTheTruncatedContentAndEveryoneElseNone() {
    Scene scene = new Scene().ready();
    Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
    Feed.Assignment ten = scene.study.assignment("ten", "0123456789", at);
    Feed.Assignment eleven = scene.study.assignment("eleven", "0123456789A", at.plusSeconds(1));
    Feed.Assignment hangul = scene.study.assignment("hangul", "가나다라마바사아자차카", at.plusSeconds(2));
    Feed.Assignment longer = scene.study.assignment("long", "x".repeat(160), at.plusSeconds(3));
    String list = scene.assignments();
    awaitJson(list, scene.member, page -> results(page).size() == 4);

    // newest first; the member reads the first 10 characters, "..." only when there were more
    assertThat(contents(list + "?truncate=10", scene.member))
        .containsExactly("x".repeat(10) + "...", "가나다라마바사아자차...", "0123456789...", "0123456789");
    assertThat(contents(list + "/?truncate=10", scene.leader))
        .containsExactly("x".repeat(10) + "...", "가나다라마바사아자차...", "0123456789...", "0123456789");
    assertThat(contents(list + "?truncate=11", scene.member))
        .containsExactly("x".repeat(11) + "...", "가나다라마바사아자차카", "0123456789A", "0123456789");
    // default 20; 0 keeps nothing; 150 is the maximum; leading zeros are still an integer
    assertThat(contents(list, scene.member).getFirst()).isEqualTo("x".repeat(20) + "...");
    assertThat(contents(list + "?truncate=0", scene.member)).containsOnly("...");
    assertThat(contents(list + "?truncate=150", scene.member).getFirst())
        .isEqualTo("x".repeat(150) + "...");
    assertThat(contents(list + "?truncate=007", scene.member).getLast()).isEqualTo("0123456...");
    // the last truncate wins
    assertThat(contents(list + "?truncate=1&truncate=10", scene.member).getLast())
        .isEqualTo("0123456789");

    // anonymous callers and strangers: every field but the content
    for (UUID outsider : new UUID[] {null, scene.stranger}) {
      Map<String, Object> page = page(list + "?truncate=120", outsider);
      assertThat(results(page)).extracting(a -> a.get("content")).containsOnly("");
      assertThat(results(page))
          .extracting(a -> a.get("title"))
          .containsExactly("long", "hangul", "eleven", "ten");
    }

    // the Assignment shape
    Map<String, Object> first = results(page(list, scene.member)).getLast();
    assertThat(first)
        .containsOnlyKeys("id", "author", "title", "content", "created_at", "updated_at")
        .containsEntry("title", "ten")
        .containsEntry("created_at", datetime(at))
        .containsEntry("updated_at", datetime(at));
    assertThat(id(first.get("id"))).isEqualTo(ten.id);
    Map<String, Object> author = (Map<String, Object>) first.get("author");
    assertThat(author)
        .containsOnlyKeys("uuid", "email", "username", "created_at", "updated_at")
        .containsEntry("uuid", scene.leader.toString())
        .containsEntry("email", scene.leader + "@x.io");
    assertThat(author.get("username")).asString().isNotEmpty();
    assertThat(results(page(list, null)))
        .extracting(a -> id(a.get("id")))
        .containsExactly(longer.id, hangul.id, eleven.id, ten.id);
  }

  @Test
  void anInvalidTruncateIs400AfterTheStudyIsFound() {
    Scene scene = new Scene().ready();
    scene.study.assignment("a", "b");
    awaitJson(scene.assignments(), scene.member, page -> results(page).size() == 1);
    for (String bad : List.of("12.5", "abc", "-1", "151", "", "1e2", "0x10", "99999999999")) {
      for (UUID caller : new UUID[] {null, scene.member, scene.stranger}) {
        get(scene.assignments() + "?truncate=" + bad, caller)
            .expectStatus()
            .isBadRequest()
            .expectBody(JSON)
            .value(
                body -> {
                  assertThat(body).containsOnlyKeys("truncate");
                  assertThat((List<String>) body.get("truncate")).singleElement().isNotNull();
                });
      }
    }
    // an unknown study is reported first
    get(STUDIES + UUID.randomUUID() + "/assignments?truncate=12.5", null)
        .expectStatus()
        .isNotFound();
  }

  @Test
  void unknownStudiesAre404AndBadTokens401() {
    String unknown = STUDIES + UUID.randomUUID() + "/assignments";
    for (String path :
        List.of(
            unknown,
            unknown + "/",
            STUDIES + "undefined/assignments/",
            STUDIES + UUID.randomUUID().toString().toUpperCase() + "/assignments")) {
      get(path, null).expectStatus().isNotFound().expectBody().jsonPath("$.detail").isNotEmpty();
    }
    Scene scene = new Scene().ready();
    http.get()
        .uri(scene.assignments())
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + IdentityTokens.expired(scene.member))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.messages[0].token_type")
        .isEqualTo("access");
    // a study without assignments: an empty page
    assertThat(page(scene.assignments() + "/", null))
        .containsEntry("next", null)
        .containsEntry("previous", null)
        .containsEntry("results", List.of());
  }

  @Test
  void pagesOfFiveNewestFirstWithAbsoluteLinksThatKeepTruncate() {
    Scene scene = new Scene().ready();
    Instant same = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
    List<long[]> made = new ArrayList<>(); // {id, second}
    for (int i = 0; i < 12; i++) {
      // groups of three share their creation time: the id breaks the tie
      Feed.Assignment a = scene.study.assignment("a" + i, "content " + i, same.plusSeconds(i / 3));
      made.add(new long[] {a.id, i / 3});
    }
    List<Long> expected =
        made.stream()
            .sorted(
                Comparator.comparingLong((long[] a) -> a[1])
                    .thenComparingLong(a -> a[0])
                    .reversed())
            .map(a -> a[0])
            .toList();
    String first = scene.assignments() + "?truncate=3&cursor=";
    await().atMost(WITHIN).ignoreExceptions().until(() -> walk(first, scene.member).size() == 12);

    List<Map<String, Object>> pages = new ArrayList<>();
    List<Long> seen = new ArrayList<>();
    String url = first;
    while (url != null) {
      Map<String, Object> page = page(url, scene.member);
      pages.add(page);
      results(page).forEach(a -> seen.add(id(a.get("id"))));
      assertThat(results(page))
          .extracting(a -> a.get("content"))
          .allSatisfy(c -> assertThat((String) c).endsWith("..."));
      Object next = page.get("next");
      if (next != null) {
        assertThat((String) next)
            .startsWith(ORIGIN + scene.assignments() + "?truncate=3&cursor=")
            .matches(".*cursor=[A-Za-z0-9_-]+");
      }
      url = next == null ? null : relative(next);
    }
    assertThat(seen).isEqualTo(expected);
    assertThat(pages).extracting(p -> results(p).size()).containsExactly(5, 5, 2);
    assertThat(pages.getFirst().get("previous")).isNull();

    // back from the last page: the same pages
    Map<String, Object> back = page(relative(pages.get(2).get("previous")), scene.member);
    assertThat(results(back)).isEqualTo(results(pages.get(1)));
    Map<String, Object> front = page(relative(back.get("previous")), scene.member);
    assertThat(results(front)).isEqualTo(results(pages.getFirst()));
    assertThat(front.get("previous")).isNull();
    assertThat(relative(front.get("next"))).isEqualTo(relative(pages.getFirst().get("next")));

    // anonymous callers page the same way
    assertThat(results(page(relative(pages.getFirst().get("next")), null)))
        .extracting(a -> id(a.get("id")))
        .isEqualTo(expected.subList(5, 10));

    // cursors that do not decode, or were made for another list
    String otherList =
        new Cursor(false, List.of(OffsetDateTime.now(ZoneOffset.UTC), UUID.randomUUID()))
            .encode("-created_at,study_id");
    String submissionList =
        AssignmentReadController.SUBMISSIONS.encode(false, List.of(atMicros(same), 5L));
    for (String bad : List.of("!!!", "abc", "cD0yMDI0", "a+b", otherList, submissionList)) {
      get(scene.assignments() + "?cursor=" + bad, scene.member)
          .expectStatus()
          .isNotFound()
          .expectBody()
          .jsonPath("$.detail")
          .isNotEmpty();
    }
  }

  /** Every item of the list, following {@code next}. */
  private List<Map<String, Object>> walk(String url, UUID user) {
    List<Map<String, Object>> all = new ArrayList<>();
    while (url != null) {
      Map<String, Object> page = page(url, user);
      all.addAll(results(page));
      url = page.get("next") == null ? null : relative(page.get("next"));
    }
    return all;
  }

  // --- §5.7.3 the detail ---

  @Test
  void theDetailIsForMembersInTheContractsOrderOfChecks() {
    Scene scene = new Scene().ready();
    Scene other = new Scene().ready();
    String content = "full ".repeat(60);
    Instant at = Instant.parse("2024-03-05T15:30:00.123456789Z");
    Feed.Assignment assignment = scene.study.assignment("detail", content, at);
    Feed.Assignment elsewhere = other.study.assignment("elsewhere", "x");
    Map<String, Object> detail =
        awaitJson(scene.assignment(assignment.id), scene.member, d -> true);
    assertThat(detail)
        .containsOnlyKeys("id", "author", "title", "content", "created_at", "updated_at")
        .containsEntry("title", "detail")
        .containsEntry("content", content)
        .containsEntry("created_at", "2024-03-06T00:30:00.123456+09:00");
    assertThat(json(scene.assignment(assignment.id) + "/", scene.leader)).isEqualTo(detail);
    awaitJson(other.assignment(elsewhere.id), other.member, d -> true);

    // 404 unknown study (even anonymous, and before a bad role) → 401 → 403 → 404 nested
    String unknownStudy = STUDIES + UUID.randomUUID() + "/assignments/" + assignment.id;
    get(unknownStudy, null).expectStatus().isNotFound();
    get(unknownStudy, scene.stranger).expectStatus().isNotFound();
    get(STUDIES + "undefined/assignments/" + assignment.id, null).expectStatus().isNotFound();
    http.get()
        .uri(scene.assignment(assignment.id))
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + IdentityTokens.forged(scene.member))
        .exchange()
        .expectStatus()
        .isUnauthorized();
    get(scene.assignment(assignment.id), null)
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
    get(scene.assignment(assignment.id), scene.stranger)
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
    // a stranger learns nothing about ids: 403 whatever the assignment
    get(scene.assignment(elsewhere.id), scene.stranger).expectStatus().isForbidden();
    get(scene.assignments() + "/abc", scene.stranger).expectStatus().isForbidden();
    get(scene.assignments() + "/abc", null).expectStatus().isUnauthorized();
    // members: an assignment of another study, unknown or malformed ids
    for (String id :
        List.of(
            Long.toString(elsewhere.id),
            Long.toString(Feed.nextId()),
            "abc",
            "0",
            "-1",
            "1.0",
            "0" + assignment.id,
            "undefined",
            "99999999999999999999")) {
      get(scene.assignments() + "/" + id, scene.member)
          .expectStatus()
          .isNotFound()
          .expectBody()
          .jsonPath("$.detail")
          .isNotEmpty();
    }
  }

  // --- §5.8.1 and §5.8.3 submissions ---

  @Test
  void submissionsAreScopedToTheirAssignment() {
    Scene scene = new Scene().ready();
    Scene other = new Scene().ready();
    Feed.Assignment first = scene.study.assignment("first", "c");
    Feed.Assignment second = scene.study.assignment("second", "c");
    Feed.Assignment elsewhere = other.study.assignment("elsewhere", "c");
    Instant same = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
    List<long[]> made = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      UUID author = feed.user();
      scene.study.join(author);
      long id = first.submit(author, "s" + i, "<p>" + i + "</p>", same.plusSeconds(i / 2));
      made.add(new long[] {id, i / 2});
    }
    long secondsOwn = second.submit(scene.member, "other assignment");
    long elsewhereOwn = elsewhere.submit(other.member, "other study");
    List<Long> expected =
        made.stream()
            .sorted(
                Comparator.comparingLong((long[] a) -> a[1])
                    .thenComparingLong(a -> a[0])
                    .reversed())
            .map(a -> a[0])
            .toList();
    String list = scene.submissions(first.id);
    await().atMost(WITHIN).ignoreExceptions().until(() -> walk(list, scene.member).size() == 7);
    awaitJson(scene.submissions(second.id), scene.member, page -> results(page).size() == 1);

    Map<String, Object> one = page(list + "?cursor=", scene.member);
    assertThat(one.get("previous")).isNull();
    assertThat((String) one.get("next")).startsWith(ORIGIN + list + "?cursor=");
    Map<String, Object> two = page(relative(one.get("next")), scene.leader);
    assertThat(two.get("next")).isNull();
    List<Long> seen = new ArrayList<>();
    results(one).forEach(s -> seen.add(id(s.get("id"))));
    results(two).forEach(s -> seen.add(id(s.get("id"))));
    assertThat(seen).isEqualTo(expected);
    assertThat(results(one))
        .allSatisfy(
            s ->
                assertThat(s)
                    .containsOnlyKeys("id", "author", "title", "created_at", "updated_at"));
    assertThat(results(page(relative(two.get("previous")), scene.member))).isEqualTo(results(one));
    assertThat(results(page(scene.submissions(second.id) + "/", scene.member)))
        .extracting(s -> id(s.get("id")))
        .containsExactly(secondsOwn);

    // the detail: only under its own assignment
    long last = expected.getLast();
    Map<String, Object> detail = json(list + "/" + last, scene.member);
    assertThat(detail)
        .containsOnlyKeys("id", "author", "title", "created_at", "updated_at", "content")
        .containsEntry("title", "s0")
        .containsEntry("content", "<p>0</p>")
        .containsEntry("created_at", datetime(same));
    assertThat(json(list + "/" + last + "/", scene.leader)).isEqualTo(detail);
    get(scene.submissions(second.id) + "/" + last, scene.member).expectStatus().isNotFound();
    get(list + "/" + secondsOwn, scene.member).expectStatus().isNotFound();
    get(list + "/" + elsewhereOwn, scene.member).expectStatus().isNotFound();
    get(list + "/abc", scene.member).expectStatus().isNotFound();
    get(list + "/" + first.id, scene.member).expectStatus().isNotFound();

    // the order of checks: study 404 → no token 401 → not a member 403 → assignment 404
    String elsewhereList =
        STUDIES + scene.study.id + "/assignments/" + elsewhere.id + "/submissions";
    get(STUDIES + UUID.randomUUID() + "/assignments/" + first.id + "/submissions", null)
        .expectStatus()
        .isNotFound();
    get(list, null).expectStatus().isUnauthorized();
    get(list + "/" + last, null).expectStatus().isUnauthorized();
    get(list, scene.stranger).expectStatus().isForbidden();
    get(list + "/" + last, scene.stranger).expectStatus().isForbidden();
    get(elsewhereList, scene.stranger).expectStatus().isForbidden();
    get(elsewhereList, scene.member)
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
    get(elsewhereList + "/" + elsewhereOwn, scene.member).expectStatus().isNotFound();
    get(scene.assignments() + "/x/submissions", scene.member).expectStatus().isNotFound();
    get(list + "?cursor=nope", scene.member).expectStatus().isNotFound();
  }

  // --- profiles, edits, deletions ---

  @Test
  void profilesFollowTheUsersViewAndEditsAndDeletionsShow() {
    Scene scene = new Scene().ready();
    UUID unknown = UUID.randomUUID(); // never registered (yet)
    scene.study.join(unknown);
    Instant at = Instant.now().minusSeconds(5);
    Feed.Assignment assignment = scene.study.assignment("t", "c", at);
    long memberWork = assignment.submit(scene.member, "member's");
    long unknownWork = assignment.submit(unknown, "unknown's", "<p>?</p>", at);
    String list = scene.submissions(assignment.id);
    awaitJson(list, scene.member, page -> results(page).size() == 2);

    Map<String, Object> byUnknown = json(list + "/" + unknownWork, scene.member);
    assertThat((Map<String, Object>) byUnknown.get("author"))
        .containsEntry("uuid", unknown.toString())
        .containsEntry("email", "")
        .containsEntry("username", "")
        .containsEntry("created_at", datetime(at))
        .containsEntry("updated_at", datetime(at));

    feed.rename(scene.leader, "renamed-leader");
    feed.rename(scene.member, "renamed-member");
    awaitJson(
        scene.assignments(),
        null,
        page -> username(results(page).getFirst()).equals("renamed-leader"));
    assertThat(username(json(scene.assignment(assignment.id), scene.member)))
        .isEqualTo("renamed-leader");
    awaitJson(
        list,
        scene.member,
        page -> results(page).stream().anyMatch(s -> username(s).equals("renamed-member")));
    assertThat(username(json(list + "/" + memberWork, scene.leader))).isEqualTo("renamed-member");
    awaitList(
        STUDIES + scene.study.id + "/members",
        scene.member,
        members ->
            members.stream()
                .map(m -> ((Map<String, Object>) m.get("user")).get("username"))
                .toList()
                .containsAll(List.of("renamed-leader", "renamed-member")));

    // edits
    assignment.update("new title", "new content");
    Map<String, Object> edited =
        awaitJson(
            scene.assignment(assignment.id), scene.member, a -> a.get("title").equals("new title"));
    assertThat(edited).containsEntry("content", "new content");
    assertThat(edited.get("updated_at")).isNotEqualTo(edited.get("created_at"));
    assignment.updateSubmission(memberWork, "better", "<p>better</p>");
    assertThat(
            awaitJson(list + "/" + memberWork, scene.member, s -> s.get("title").equals("better")))
        .containsEntry("content", "<p>better</p>");

    // deletions
    assignment.deleteSubmission(unknownWork);
    awaitStatus(list + "/" + unknownWork, scene.member, 404);
    assertThat(results(page(list, scene.member))).hasSize(1);
    assignment.delete();
    awaitStatus(scene.assignment(assignment.id), scene.member, 404);
    get(list, scene.member).expectStatus().isNotFound();
    get(list + "/" + memberWork, scene.member).expectStatus().isNotFound();
    assertThat(results(page(scene.assignments(), scene.member))).isEmpty();
  }

  // --- helpers ---

  List<Object> contents(String path, UUID user) {
    return results(page(path, user)).stream().map(a -> a.get("content")).toList();
  }

  static String username(Map<String, Object> item) {
    return (String) ((Map<String, Object>) item.get("author")).get("username");
  }

  static OffsetDateTime atMicros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }
}

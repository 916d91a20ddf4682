package io.crescendo.search.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crescendo.events.PublicEvent;
import io.crescendo.events.Topics;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import io.crescendo.events.study.HeadImageChanged;
import io.crescendo.events.study.JoinRequestApproved;
import io.crescendo.events.study.JoinRequestRejected;
import io.crescendo.events.study.JoinRequestWithdrawn;
import io.crescendo.events.study.JoinRequested;
import io.crescendo.events.study.MemberRemoved;
import io.crescendo.events.study.StudyCategories;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.events.study.StudyGroupDeleted;
import io.crescendo.events.study.StudyGroupUpdated;
import io.crescendo.local.test.TestInfrastructure;
import io.crescendo.search.testsupport.ReadSideTest;
import io.crescendo.web.testsupport.IdentityTokens;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * search-service's study reads over real HTTP against real PostgreSQL and Kafka: events go in on
 * the public topics as identity- and study-service publish them, JSON comes out in the contract's
 * shapes (API-v1 §3, §5.3.1, §5.3.3, §5.4, §1.6).
 */
@SuppressWarnings("unchecked")
class SearchApiTest extends ReadSideTest {

  static final String STUDIES = "/api/v1/studygroup/studies";
  static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  static final LocalDate TODAY = LocalDate.now(SEOUL);
  static final EventRecordCodec CODEC = new EventRecordCodec();
  static final KafkaProducer<String, byte[]> PRODUCER = producer();
  static final AtomicLong IDS = new AtomicLong(5_000_000);

  @Autowired DataSource dataSource;

  // --- categories and tags (§5.4) ---

  @Test
  void categoriesAreTheEightNamesInOrder() {
    for (String path : List.of("/api/v1/studygroup/categories", "/api/v1/studygroup/categories/")) {
      List<Map<String, Object>> body = getList(path);
      assertThat(body)
          .isEqualTo(
              StudyCategories.ALL.stream().map(n -> Map.<String, Object>of("name", n)).toList());
    }
    assertThat(StudyCategories.ALL)
        .containsExactly(
            "Frontend", "Backend", "Mobile", "Embedded", "AI", "DevOps", "Interview", "Etc");
  }

  @Test
  void tagsAreADistinctSampleOfUsedTags() {
    String marker = "tg" + IDS.incrementAndGet();
    Study a = Study.create(user(), List.of(marker + "a", marker + "b"), TODAY.plusDays(3));
    Study b = Study.create(user(), List.of(marker + "a", marker + "c"), TODAY.plusDays(3));
    awaitStudy(a.id);
    awaitStudy(b.id);

    for (int i = 0; i < 5; i++) {
      List<Map<String, Object>> tags = getList("/api/v1/studygroup/tags?random_count=10");
      List<Object> names = tags.stream().map(t -> t.get("name")).toList();
      assertThat(names).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(10).isNotEmpty();
      assertThat(tags).allSatisfy(t -> assertThat(t).containsOnlyKeys("name"));
    }
    assertThat(getList("/api/v1/studygroup/tags/")).hasSizeBetween(1, 3);
    assertThat(getList("/api/v1/studygroup/tags?random_count=1")).hasSize(1);
    for (String bad : List.of("abc", "2.5", "0", "11", "-1", "")) {
      http.get()
          .uri("/api/v1/studygroup/tags?random_count=" + bad)
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.random_count[0]")
          .isNotEmpty();
    }
    List<String> seen =
        jdbc.sql("select name from search_tag where name like :m order by name")
            .param("m", marker + "%")
            .query(String.class)
            .list();
    assertThat(seen).containsExactly(marker + "a", marker + "b", marker + "c");
  }

  // --- detail (§5.3.3) and the read models behind it ---

  @Test
  void detailFollowsTheEventsInTheContractsShape() {
    UUID leader = user();
    UUID alice = user();
    UUID bob = user();
    Study study = Study.create(leader, List.of("spring", "jpa"), TODAY.plusDays(2));
    long aliceRequest = study.request(alice, "let me in");
    long bobRequest = study.request(bob, "me too");
    long aliceMembership = study.approve(aliceRequest, alice);
    study.reject(bobRequest, bob);
    publish(Topics.IDENTITY_USER, leader, 2, new UsernameChanged(leader, "renamed", Instant.now()));

    Map<String, Object> detail =
        await()
            .atMost(WITHIN)
            .until(
                () -> getDetail(study.id),
                d ->
                    d != null
                        && Integer.valueOf(2).equals(d.get("current_member_count"))
                        && ((List<?>) d.get("leaders")).toString().contains("renamed"));

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("uuid", study.id.toString());
    expected.put("head_image", "https://picsum.photos/seed/" + study.id + "/1080");
    expected.put(
        "leaders",
        List.of(
            Map.of("uuid", leader.toString(), "email", leader + "@x.io", "username", "renamed")));
    expected.put("post_title", study.created.postTitle());
    expected.put("study_name", study.created.studyName());
    expected.put("until_deadline", 2);
    expected.put("is_closed", false);
    expected.put("tags", List.of("spring", "jpa"));
    expected.put("categories", List.of("Backend", "AI"));
    expected.put("current_member_count", 2);
    expected.put("member_limit", 3);
    expected.put("post_content", "<p>hello</p>");
    expected.put("created_at", datetime(study.created.occurredAt()));
    expected.put("updated_at", datetime(study.created.occurredAt()));
    expected.put("start_date", TODAY.plusDays(3).toString());
    expected.put("end_date", TODAY.plusDays(30).toString());
    expected.put("deadline", TODAY.plusDays(2).toString());
    assertThat(detail).isEqualTo(expected);

    // the read models: memberships with ids and dates, requests with their status
    assertThat(
            jdbc.sql(
                    "select membership_id from search_membership where study_id = :s"
                        + " order by membership_id")
                .param("s", study.id)
                .query(Long.class)
                .list())
        .containsExactly(study.created.leaderMembershipId(), aliceMembership);
    assertThat(
            jdbc.sql(
                    "select status from search_join_request where study_id = :s order by request_id")
                .param("s", study.id)
                .query(String.class)
                .list())
        .containsExactly("APPROVED", "REJECTED");

    // a redelivered (duplicate) event changes nothing; a full study is closed
    study.republishCreated();
    long carolRequest = study.request(user(), "hi");
    study.approve(carolRequest, UUID.randomUUID());
    await()
        .atMost(WITHIN)
        .until(
            () -> getDetail(study.id),
            d -> d != null && Integer.valueOf(3).equals(d.get("current_member_count")));
    assertThat(getDetail(study.id)).containsEntry("is_closed", true);

    // edit, image, removal, withdrawal, as the events say
    study.publish(
        new StudyGroupUpdated(
            study.id,
            "new title",
            "new name",
            "<p>x</p>",
            List.of("Etc"),
            List.of(),
            10,
            TODAY,
            TODAY.plusDays(1),
            TODAY.minusDays(1),
            Instant.now()));
    study.publish(new HeadImageChanged(study.id, "0123abcd.png", Instant.now()));
    study.publish(new MemberRemoved(study.id, aliceMembership, alice, Instant.now()));
    long daveRequest = study.request(user(), "pending");
    study.publish(new JoinRequestWithdrawn(study.id, daveRequest, alice, Instant.now()));
    Map<String, Object> edited =
        await()
            .atMost(WITHIN)
            .until(
                () ->
                    http.get()
                        .uri(STUDIES + "/" + study.id + "/")
                        .header("X-Forwarded-Proto", "https")
                        .header("X-Forwarded-Host", "api.example")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody(),
                d ->
                    Integer.valueOf(2).equals(d.get("current_member_count"))
                        && d.get("head_image").toString().contains("0123"));
    assertThat(edited)
        .containsEntry("head_image", "https://api.example/media/study-images/0123abcd.png")
        .containsEntry("post_title", "new title")
        .containsEntry("study_name", "new name")
        .containsEntry("tags", List.of())
        .containsEntry("categories", List.of("Etc"))
        .containsEntry("until_deadline", -1)
        .containsEntry("is_closed", true)
        .containsEntry("deadline", TODAY.minusDays(1).toString());
    await()
        .atMost(WITHIN)
        .until(
            () ->
                jdbc.sql("select count(*) from search_join_request where request_id = :r")
                    .param("r", daveRequest)
                    .query(Long.class)
                    .single(),
            n -> n == 0);

    study.publish(new StudyGroupDeleted(study.id, Instant.now()));
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> http.get().uri(STUDIES + "/" + study.id).exchange().expectStatus().isNotFound());
    assertThat(
            jdbc.sql("select count(*) from search_membership where study_id = :s")
                .param("s", study.id)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void unknownOrMalformedStudiesAre404() {
    String unknown = UUID.randomUUID().toString();
    for (String id : List.of(unknown, unknown + "/", "undefined", unknown.toUpperCase(), "1")) {
      http.get()
          .uri(STUDIES + "/" + id)
          .exchange()
          .expectStatus()
          .isNotFound()
          .expectBody()
          .jsonPath("$.detail")
          .isNotEmpty();
    }
  }

  @Test
  void anInvalidTokenIs401EvenOnPublicReads() {
    http.get()
        .uri(STUDIES)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + IdentityTokens.expired(UUID.randomUUID()))
        .exchange()
        .expectStatus()
        .isUnauthorized();
    http.get()
        .uri(STUDIES)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + IdentityTokens.access(UUID.randomUUID()))
        .exchange()
        .expectStatus()
        .isOk();
  }

  // --- list (§5.3.1, §1.6) ---

  @Test
  void pagesNeitherOverlapNorSkipAndLinksAreAbsolute() {
    String tag = "page" + IDS.incrementAndGet();
    UUID leader = user();
    Instant same = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
    List<Study> studies = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      // three groups share a creation time: the id must break the ties
      Instant at = same.plusSeconds(i / 3);
      studies.add(Study.create(leader, List.of(tag), TODAY.plusDays(i % 5), at));
    }
    List<String> expected =
        studies.stream()
            .sorted(
                Comparator.comparing((Study s) -> s.created.occurredAt())
                    .reversed()
                    .thenComparing(s -> s.id.toString()))
            .map(s -> s.id.toString())
            .toList();
    await()
        .atMost(WITHIN)
        .until(() -> uuids(page(STUDIES + "?tags=" + tag + "&ordering=random")).size() == 8);
    await()
        .atMost(WITHIN)
        .until(
            () ->
                jdbc.sql("select count(*) from search_study where :t = any(tags)")
                    .param("t", tag)
                    .query(Long.class)
                    .single(),
            n -> n == 19);

    List<String> seen = new ArrayList<>();
    List<Map<String, Object>> pages = new ArrayList<>();
    String url = STUDIES + "?tags=" + tag + "&cursor=";
    while (url != null) {
      Map<String, Object> page = page(url);
      pages.add(page);
      seen.addAll(uuids(page));
      String next = (String) page.get("next");
      if (next != null) {
        assertThat(next).startsWith("https://api.example" + STUDIES + "?tags=" + tag + "&cursor=");
        assertThat(next.substring(next.indexOf("cursor=") + 7)).matches("[A-Za-z0-9_-]+");
        url = next.substring("https://api.example".length());
      } else {
        url = null;
      }
    }
    assertThat(seen).isEqualTo(expected);
    assertThat(pages).hasSize(3);
    assertThat(pages.getFirst().get("previous")).isNull();
    assertThat(uuids(pages.get(0))).hasSize(8);
    assertThat(uuids(pages.get(2))).hasSize(3);

    // previous of the second page is the first page
    String previous = (String) pages.get(1).get("previous");
    assertThat(previous).startsWith("https://api.example");
    Map<String, Object> back = page(previous.substring("https://api.example".length()));
    assertThat(uuids(back)).isEqualTo(uuids(pages.getFirst()));
    assertThat(back.get("previous")).isNull();

    // ordering=deadline: ascending, the id breaking ties, no overlap either
    List<String> byDeadline =
        studies.stream()
            .sorted(
                Comparator.comparing((Study s) -> s.created.deadline())
                    .thenComparing(s -> s.id.toString()))
            .map(s -> s.id.toString())
            .toList();
    List<String> walked = new ArrayList<>();
    url = STUDIES + "?ordering=bogus,deadline&tags=" + tag;
    while (url != null) {
      Map<String, Object> page = page(url);
      walked.addAll(uuids(page));
      String next = (String) page.get("next");
      url = next == null ? null : next.substring("https://api.example".length());
    }
    assertThat(walked).isEqualTo(byDeadline);

    // random: a sample of at most 8, no links
    for (String random :
        List.of("&random=true", "&ordering=random", "&ordering=-deadline,random")) {
      Map<String, Object> page = page(STUDIES + "?tags=" + tag + random);
      assertThat(uuids(page)).hasSize(8).doesNotHaveDuplicates().isSubsetOf(expected);
      assertThat(page.get("next")).isNull();
      assertThat(page.get("previous")).isNull();
    }
  }

  @Test
  void aBadCursorIs404() {
    String valid = "bjE"; // base64url of "n1", but not a cursor
    for (String cursor : List.of("!!!", "abc", valid, "cD0yMDI0", "a+b", "%2B%2B")) {
      http.get()
          .uri(STUDIES + "?cursor=" + cursor)
          .exchange()
          .expectStatus()
          .isNotFound()
          .expectBody()
          .jsonPath("$.detail")
          .isNotEmpty();
    }
    // a cursor of another ordering does not fit
    String tag = "cur" + IDS.incrementAndGet();
    UUID leader = user();
    for (int i = 0; i < 9; i++) {
      Study.create(leader, List.of(tag), TODAY.plusDays(1));
    }
    String next =
        await()
            .atMost(WITHIN)
            .until(() -> (String) page(STUDIES + "?tags=" + tag).get("next"), n -> n != null);
    String cursor = next.substring(next.indexOf("cursor=") + 7);
    http.get()
        .uri(STUDIES + "?ordering=deadline&cursor=" + cursor)
        .exchange()
        .expectStatus()
        .isNotFound();
    http.get().uri(STUDIES + "/?cursor=").exchange().expectStatus().isOk();
  }

  @Test
  void filtersCombineAsTheContractSays() {
    String tag = "flt" + IDS.incrementAndGet();
    UUID leader = user();
    Study spring =
        Study.create(leader, "Spring 스터디", "Backend club", List.of("Backend", "AI"), tag, TODAY);
    Study react =
        Study.create(leader, "React night", "프론트 SPRING", List.of("Frontend"), tag, TODAY);
    Study closed =
        Study.create(leader, "Old one", "old", List.of("Backend"), tag, TODAY.minusDays(1));
    await().atMost(WITHIN).until(() -> uuids(page(STUDIES + "?tags=" + tag)).size() == 3);

    String base = STUDIES + "?tags=" + tag;
    assertThat(uuids(page(base + "&post_title=spring"))).containsExactly(spring.id.toString());
    assertThat(uuids(page(base + "&post_title=spring&study_name=spring")))
        .containsExactlyInAnyOrder(spring.id.toString(), react.id.toString());
    assertThat(uuids(page(base + "&study_name=프론트"))).containsExactly(react.id.toString());
    assertThat(uuids(page(base + "&post_title=스터디"))).containsExactly(spring.id.toString());
    assertThat(uuids(page(base + "&post_title=_"))).isEmpty();
    assertThat(uuids(page(base + "&categories=Backend&categories=AI")))
        .containsExactly(spring.id.toString());
    assertThat(uuids(page(base + "&categories=Backend")))
        .containsExactlyInAnyOrder(spring.id.toString(), closed.id.toString());
    assertThat(uuids(page(base + "&is_closed=TRUE"))).containsExactly(closed.id.toString());
    assertThat(uuids(page(base + "&is_closed=0")))
        .containsExactlyInAnyOrder(spring.id.toString(), react.id.toString());
    assertThat(uuids(page(base + "&is_closed=maybe"))).hasSize(3);
    assertThat(uuids(page(base + "&ordering=title"))).hasSize(3);
    assertThat(uuids(page(STUDIES + "?tags=" + tag.toUpperCase()))).isEmpty();
    http.get()
        .uri(base + "&categories=Backend&categories=backend")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.categories[0]")
        .isNotEmpty();
    // repeated single-valued parameters: the last wins
    assertThat(uuids(page(STUDIES + "?tags=nothing&tags=" + tag + "&post_title=x&post_title=old")))
        .containsExactly(closed.id.toString());
  }

  @Test
  void keywordAndSetFiltersCanUseTheirIndexes() throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("set enable_seqscan = off");
      String plan =
          explain(
              statement,
              "select study_id from search_study s where (s.post_title ilike '%스터디%'"
                  + " or s.study_name ilike '%Spring%')");
      assertThat(plan).contains("search_study_title_trgm").contains("search_study_name_trgm");
      assertThat(
              explain(statement, "select 1 from search_study s where s.categories @> array['AI']"))
          .contains("search_study_categories");
      assertThat(explain(statement, "select 1 from search_study s where s.tags @> array['x']"))
          .contains("search_study_tags");
      statement.execute("reset enable_seqscan");
    }
  }

  @Test
  void aStudyWhoseLeaderIsNotKnownYetStillHasALeader() {
    UUID leader = UUID.randomUUID();
    Study study = Study.create(leader, List.of(), TODAY.plusDays(1));
    awaitStudy(study.id);
    assertThat(getDetail(study.id).get("leaders"))
        .isEqualTo(List.of(Map.of("uuid", leader.toString(), "email", "", "username", "")));
    publish(
        Topics.IDENTITY_USER,
        leader,
        0,
        new UserRegistered(leader, "l@x.io", "late", Instant.now()));
    await()
        .atMost(WITHIN)
        .until(
            () -> getDetail(study.id).get("leaders"),
            l ->
                l.equals(
                    List.of(
                        Map.of("uuid", leader.toString(), "email", "l@x.io", "username", "late"))));
  }

  private static String explain(Statement statement, String sql) throws Exception {
    StringBuilder plan = new StringBuilder();
    try (ResultSet rows = statement.executeQuery("explain " + sql)) {
      while (rows.next()) {
        plan.append(rows.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  // --- members (§5.5.1) and join requests (§5.6.1) ---

  @Test
  void membersAndPendingRequestsFollowTheRolesAndTheOrderOfChecks() {
    UUID leader = user();
    UUID alice = user();
    UUID bob = user();
    UUID carol = user();
    UUID stranger = user();
    Study study = Study.create(leader, List.of(), TODAY.plusDays(5));
    long aliceRequest = study.request(alice, "a");
    long aliceMembership = study.approve(aliceRequest, alice);
    long bobRequest = study.request(bob, "b");
    long carolRequest = study.request(carol, "c");
    study.reject(carolRequest, carol);
    String members = STUDIES + "/" + study.id + "/members";
    String requests = STUDIES + "/" + study.id + "/requests/";

    List<Map<String, Object>> memberList =
        await()
            .atMost(WITHIN)
            .until(
                () -> getList(members, leader),
                l -> l.size() == 2 && getList(requests, leader).size() == 1);
    assertThat(memberList.get(0))
        .containsEntry("id", (int) study.created.leaderMembershipId())
        .containsEntry("is_leader", true)
        .containsEntry("created_at", datetime(study.created.occurredAt()))
        .containsOnlyKeys("id", "user", "is_leader", "created_at");
    assertThat(memberList.get(1))
        .containsEntry("id", (int) aliceMembership)
        .containsEntry("is_leader", false);
    assertThat((Map<String, Object>) memberList.get(1).get("user"))
        .containsOnlyKeys("uuid", "email", "username", "created_at", "updated_at")
        .containsEntry("uuid", alice.toString())
        .containsEntry("email", alice + "@x.io");
    assertThat(getList(members + "/", alice)).hasSize(2);
    List<Map<String, Object>> pending = getList(requests, leader);
    assertThat(pending.getFirst())
        .containsOnlyKeys("id", "user", "request_message")
        .containsEntry("id", (int) bobRequest)
        .containsEntry("request_message", "b");

    // order of checks: bad token 401, unknown study 404, no token 401, role 403
    String unknown = STUDIES + "/" + UUID.randomUUID() + "/members";
    http.get()
        .uri(unknown)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + IdentityTokens.forged(leader))
        .exchange()
        .expectStatus()
        .isUnauthorized();
    http.get().uri(unknown).exchange().expectStatus().isNotFound();
    http.get().uri(STUDIES + "/undefined/requests").exchange().expectStatus().isNotFound();
    http.get().uri(members).exchange().expectStatus().isUnauthorized();
    http.get().uri(requests).exchange().expectStatus().isUnauthorized();
    as(members, stranger)
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.detail")
        .isNotEmpty();
    as(requests, alice).expectStatus().isForbidden();
  }

  WebTestClient.ResponseSpec as(String path, UUID user) {
    return http.get()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + IdentityTokens.access(user))
        .exchange();
  }

  List<Map<String, Object>> getList(String path, UUID user) {
    return as(path, user)
        .expectStatus()
        .isOk()
        .expectBody(JSON_LIST)
        .returnResult()
        .getResponseBody();
  }

  // --- helpers ---

  Map<String, Object> getDetail(UUID study) {
    return http.get()
        .uri(STUDIES + "/" + study)
        .exchange()
        .returnResult(JSON)
        .getResponseBody()
        .blockFirst(WITHIN);
  }

  void awaitStudy(UUID study) {
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> http.get().uri(STUDIES + "/" + study).exchange().expectStatus().isOk());
  }

  List<Map<String, Object>> getList(String path) {
    return http.get()
        .uri(path)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON_LIST)
        .returnResult()
        .getResponseBody();
  }

  Map<String, Object> page(String path) {
    Map<String, Object> page =
        http.get()
            .uri(path)
            .header("X-Forwarded-Proto", "https")
            .header("X-Forwarded-Host", "api.example")
            .header("X-Forwarded-Port", "443")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    assertThat(page).containsOnlyKeys("next", "previous", "results");
    return page;
  }

  @SuppressWarnings("unchecked")
  static List<String> uuids(Map<String, Object> page) {
    List<Map<String, Object>> results = (List<Map<String, Object>>) page.get("results");
    for (Map<String, Object> item : results) {
      assertThat(item)
          .containsOnlyKeys(
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
              "member_limit");
    }
    return results.stream().map(r -> (String) r.get("uuid")).toList();
  }

  static UUID user() {
    UUID id = UUID.randomUUID();
    publish(
        Topics.IDENTITY_USER,
        id,
        0,
        new UserRegistered(id, id + "@x.io", "u" + IDS.get(), Instant.now()));
    return id;
  }

  /** A study on the topic, with its own aggregate sequence. */
  static final class Study {
    final UUID id = UUID.randomUUID();
    final Set<Long> requests = new HashSet<>();
    StudyGroupCreated created;
    long sequence;

    static Study create(UUID leader, List<String> tags, LocalDate deadline) {
      return create(leader, tags, deadline, Instant.now());
    }

    static Study create(UUID leader, List<String> tags, LocalDate deadline, Instant at) {
      Study study = new Study();
      study.created =
          new StudyGroupCreated(
              study.id,
              leader,
              IDS.incrementAndGet(),
              "title " + study.id,
              "name " + study.id,
              "<p>hello</p>",
              List.of("Backend", "AI"),
              tags,
              3,
              TODAY.plusDays(3),
              TODAY.plusDays(30),
              deadline,
              null,
              at);
      study.publish(study.created);
      return study;
    }

    static Study create(
        UUID leader,
        String title,
        String name,
        List<String> categories,
        String tag,
        LocalDate deadline) {
      Study study = new Study();
      study.created =
          new StudyGroupCreated(
              study.id,
              leader,
              IDS.incrementAndGet(),
              title,
              name,
              "<p>x</p>",
              categories,
              List.of(tag),
              5,
              deadline,
              deadline.plusDays(10),
              deadline,
              null,
              Instant.now());
      study.publish(study.created);
      return study;
    }

    void republishCreated() {
      SearchApiTest.publish(Topics.STUDY_STUDYGROUP, id, 0, created);
    }

    long request(UUID user, String message) {
      long request = IDS.incrementAndGet();
      publish(new JoinRequested(id, request, user, message, Instant.now()));
      return request;
    }

    long approve(long request, UUID user) {
      long membership = IDS.incrementAndGet();
      publish(new JoinRequestApproved(id, request, user, membership, Instant.now()));
      return membership;
    }

    void reject(long request, UUID user) {
      publish(new JoinRequestRejected(id, request, user, Instant.now()));
    }

    void publish(PublicEvent event) {
      SearchApiTest.publish(Topics.STUDY_STUDYGROUP, id, sequence++, event);
    }
  }

  static void publish(
      io.crescendo.events.TopicSpec topic, UUID subject, long sequence, PublicEvent event) {
    EventEnvelope envelope =
        EventEnvelope.of(
            UUID.randomUUID().toString(),
            topic == Topics.IDENTITY_USER
                ? "/crescendo/identity-service"
                : "/crescendo/study-service",
            Instant.now(),
            subject.toString(),
            sequence,
            event);
    send(CODEC.encode(envelope));
  }

  private static void send(ProducerRecord<String, byte[]> record) {
    try {
      PRODUCER.send(record).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void closeProducer() {
    PRODUCER.close(Duration.ofSeconds(5));
  }

  private static KafkaProducer<String, byte[]> producer() {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            TestInfrastructure.shared().kafkaBootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all");
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }
}

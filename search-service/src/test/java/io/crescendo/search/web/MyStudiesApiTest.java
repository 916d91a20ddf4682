package io.crescendo.search.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crescendo.search.testsupport.Feed;
import io.crescendo.search.testsupport.ReadSideTest;
import io.crescendo.web.testsupport.IdentityTokens;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** {@code GET /api/v1/auth/profiles/me/studies} (API-v1 §5.2.4, §8 #4, #5) over real HTTP. */
class MyStudiesApiTest extends ReadSideTest {

  static final String MINE = "/api/v1/auth/profiles/me/studies";

  final Feed feed = Feed.kafka();

  @Test
  void everyFilterWithItsBoundaryDays() {
    LocalDate today = Feed.today();
    UUID me = feed.user();
    UUID leader = feed.user();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Map<String, Feed.Study> s = new LinkedHashMap<>();
    // created one minute apart, "starts today" the newest
    s.put("starts today", study(leader, today.minusDays(1), today, today.plusDays(9), now, 0));
    s.put("starts tomorrow", study(leader, today, today.plusDays(1), today.plusDays(9), now, 1));
    s.put("ends today", study(leader, today.minusDays(9), today.minusDays(5), today, now, 2));
    s.put(
        "ended",
        study(leader, today.minusDays(20), today.minusDays(10), today.minusDays(1), now, 3));
    s.put("deadline today", study(leader, today, today.plusDays(1), today.plusDays(9), now, 4));
    s.put("deadline passed", study(leader, today.minusDays(1), today, today.plusDays(9), now, 5));
    Feed.Study full =
        feed.study(
            leader,
            today.plusDays(3),
            today.plusDays(4),
            today.plusDays(9),
            2,
            now.minusSeconds(360));
    s.put("full", full);
    s.put(
        "rejected", study(leader, today.plusDays(3), today.plusDays(4), today.plusDays(9), now, 7));
    s.put(
        "led",
        feed.study(me, today.plusDays(3), today, today.plusDays(9), 5, now.minusSeconds(480)));
    s.put("left", study(leader, today.plusDays(3), today.plusDays(4), today.plusDays(9), now, 9));
    s.put(
        "approved later",
        study(leader, today.plusDays(3), today.plusDays(4), today.plusDays(9), now, 10));

    for (String member : List.of("starts today", "starts tomorrow", "ends today", "ended")) {
      s.get(member).join(me);
    }
    for (String pending : List.of("deadline today", "deadline passed", "full")) {
      s.get(pending).request(me);
    }
    full.join(feed.user()); // 2 of 2
    s.get("rejected").reject(s.get("rejected").request(me), me);
    Feed.Study left = s.get("left");
    left.remove(left.join(me), me);
    Feed.Study later = s.get("approved later");
    later.approve(later.request(me), me); // a decided request is no longer "requested"

    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put("current", names(s, "starts today", "ends today"));
    expected.put("approved", names(s, "starts today", "starts tomorrow", "approved later"));
    expected.put("requested", names(s, "deadline today"));
    expected.put("disapproved", names(s, "rejected"));
    expected.put("as_leader", names(s, "led"));
    List<String> all =
        names(s, "starts today", "starts tomorrow", "ends today", "ended", "led", "approved later");
    expected.put("", all);
    await()
        .atMost(WITHIN)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              for (Map.Entry<String, List<String>> filter : expected.entrySet()) {
                assertThat(uuids(MINE + "?filter=" + filter.getKey() + "&cursor=", me))
                    .as(filter.getKey())
                    .isEqualTo(filter.getValue());
              }
            });
    // absent filter, trailing slash, repeated filter (last wins)
    assertThat(uuids(MINE, me)).isEqualTo(all);
    assertThat(uuids(MINE + "/?filter=", me)).isEqualTo(all);
    assertThat(uuids(MINE + "?filter=bogus&filter=as_leader", me)).isEqualTo(names(s, "led"));
    // someone else's view of the same studies
    assertThat(uuids(MINE + "?filter=as_leader", leader)).hasSize(10);
    assertThat(uuids(MINE + "?filter=current", leader)).isEmpty();
  }

  @Test
  void theItemShapeWithItsDateInSeoul() {
    UUID me = feed.user();
    LocalDate today = Feed.today();
    Feed.Study late =
        feed.study(
            me,
            today.plusDays(2),
            today.plusDays(3),
            today.plusDays(9),
            4,
            Instant.parse("2024-03-05T15:30:00Z"));
    Feed.Study early =
        feed.study(
            me,
            today.minusDays(1),
            today.plusDays(3),
            today.plusDays(9),
            4,
            Instant.parse("2024-03-05T14:59:59.999999Z"));
    late.image("cafe0123.jpg");
    late.join(feed.user());
    List<Map<String, Object>> items =
        await()
            .atMost(WITHIN)
            .ignoreExceptions()
            .until(
                () -> results(page(MINE + "?filter=as_leader", me)),
                list ->
                    list.size() == 2
                        && Integer.valueOf(2).equals(list.getFirst().get("current_member_count"))
                        && list.getFirst().get("head_image").toString().contains("cafe"));

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("uuid", late.id.toString());
    expected.put("head_image", ORIGIN + "/media/study-images/cafe0123.jpg");
    expected.put("name", late.created.studyName());
    expected.put("categories", List.of("Backend", "AI"));
    expected.put("start_date", today.plusDays(3).toString());
    expected.put("end_date", today.plusDays(9).toString());
    expected.put("deadline", today.plusDays(2).toString());
    expected.put("created_at", "2024-03-06");
    expected.put("until_deadline", 2);
    expected.put("is_closed", false);
    expected.put("current_member_count", 2);
    assertThat(items.getFirst()).isEqualTo(expected);
    assertThat(List.copyOf(items.getFirst().keySet())).isEqualTo(List.copyOf(expected.keySet()));
    assertThat(items.get(1))
        .containsEntry("uuid", early.id.toString())
        .containsEntry("head_image", "https://picsum.photos/seed/" + early.id + "/1080")
        .containsEntry("created_at", "2024-03-05")
        .containsEntry("until_deadline", -1)
        .containsEntry("is_closed", true)
        .containsEntry("current_member_count", 1);
  }

  @Test
  void pagesOfEightNewestFirst() {
    UUID me = feed.user();
    LocalDate today = Feed.today();
    Instant same = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(7200);
    List<Feed.Study> studies = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      // groups of three share their creation time: the study id breaks the tie (ascending)
      studies.add(
          feed.study(
              me,
              today.plusDays(1),
              today.plusDays(2),
              today.plusDays(9),
              5,
              same.plusSeconds(i / 3)));
    }
    List<String> expected =
        studies.stream()
            .sorted(
                Comparator.comparing((Feed.Study st) -> st.created.occurredAt())
                    .reversed()
                    .thenComparing(st -> st.id.toString()))
            .map(st -> st.id.toString())
            .toList();
    await()
        .atMost(WITHIN)
        .ignoreExceptions()
        .until(() -> walk(MINE + "?filter=as_leader&cursor=", me).size() == 19);

    List<Map<String, Object>> pages = new ArrayList<>();
    String url = MINE + "?filter=as_leader&cursor=";
    while (url != null) {
      Map<String, Object> page = page(url, me);
      pages.add(page);
      Object next = page.get("next");
      if (next != null) {
        // the frontend parses it with new URL() and pastes the cursor unencoded
        URI link = URI.create((String) next);
        assertThat(link.getScheme() + "://" + link.getHost()).isEqualTo(ORIGIN);
        assertThat(link.getPath()).isEqualTo(MINE);
        assertThat(link.getRawQuery()).matches("filter=as_leader&cursor=[A-Za-z0-9_-]+");
      }
      url = next == null ? null : relative(next);
    }
    assertThat(pages).extracting(p -> results(p).size()).containsExactly(8, 8, 3);
    List<String> seen = new ArrayList<>();
    pages.forEach(p -> results(p).forEach(item -> seen.add((String) item.get("uuid"))));
    assertThat(seen).isEqualTo(expected);
    assertThat(pages.getFirst().get("previous")).isNull();
    assertThat(results(page(relative(pages.get(2).get("previous")), me)))
        .isEqualTo(results(pages.get(1)));
    assertThat(results(page(relative(pages.get(1).get("previous")), me)))
        .isEqualTo(results(pages.getFirst()));
    // the cursor is a position only: another filter's pages start from it too
    assertThat(results(page(relative(pages.getFirst().get("next")).replace("as_leader", ""), me)))
        .isEqualTo(results(pages.get(1)));
  }

  @Test
  void anonymousIs401AnUnknownFilter400AndABadCursor404() {
    for (String path : List.of(MINE, MINE + "/", MINE + "?filter=bogus")) {
      get(path, null)
          .expectStatus()
          .isUnauthorized()
          .expectBody(JSON)
          .value(body -> assertThat(body).containsOnlyKeys("detail"));
    }
    http.get()
        .uri(MINE)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + IdentityTokens.expired(UUID.randomUUID()))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.messages[0].token_type")
        .isEqualTo("access");
    UUID me = UUID.randomUUID(); // a valid token is enough, known to the users view or not
    for (String bad : List.of("bogus", "CURRENT", "current ", "all", "as-leader", "null")) {
      get(MINE + "?filter=" + bad.replace(" ", "%20"), me)
          .expectStatus()
          .isBadRequest()
          .expectBody(JSON)
          .value(
              body -> {
                assertThat(body).containsOnlyKeys("filter");
                assertThat((List<?>) body.get("filter")).singleElement().isNotNull();
              });
    }
    for (String bad : List.of("!!!", "abc", "cD0yMDI0", "a+b")) {
      get(MINE + "?filter=current&cursor=" + bad, me)
          .expectStatus()
          .isNotFound()
          .expectBody()
          .jsonPath("$.detail")
          .isNotEmpty();
    }
    assertThat(page(MINE + "?filter=current&cursor=", me))
        .containsEntry("next", null)
        .containsEntry("previous", null)
        .containsEntry("results", List.of());
  }

  // --- helpers ---

  /** A study led by someone else, created {@code minutesAgo} before {@code now}, 5 places. */
  Feed.Study study(
      UUID leader,
      LocalDate deadline,
      LocalDate start,
      LocalDate end,
      Instant now,
      int minutesAgo) {
    return feed.study(leader, deadline, start, end, 5, now.minusSeconds(60L * minutesAgo));
  }

  static List<String> names(Map<String, Feed.Study> studies, String... keys) {
    return java.util.Arrays.stream(keys).map(k -> studies.get(k).id.toString()).toList();
  }

  List<String> uuids(String path, UUID user) {
    return walk(path, user).stream().map(item -> (String) item.get("uuid")).toList();
  }

  List<Map<String, Object>> walk(String url, UUID user) {
    List<Map<String, Object>> all = new ArrayList<>();
    while (url != null) {
      Map<String, Object> page = page(url, user);
      all.addAll(results(page));
      url = page.get("next") == null ? null : relative(page.get("next"));
    }
    return all;
  }
}

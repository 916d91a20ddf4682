package io.crescendo.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crescendo.local.launcher.DemoData;
import io.crescendo.local.launcher.DemoDataSet;
import io.crescendo.local.launcher.DemoDataSet.Decision;
import io.crescendo.local.launcher.DemoDataSet.Image;
import io.crescendo.local.launcher.DemoDataSet.Join;
import io.crescendo.local.launcher.DemoDataSet.Study;
import io.crescendo.local.launcher.DemoDataSet.User;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The launcher's demo data ({@code CRESCENDO_DEMO_DATA=true}) loaded into the shared stack through
 * the gateway, then read back through the gateway as the frontend would see it: every category,
 * Korean and English keyword search, members, pending requests, assignments, images.
 */
class DemoDataIT {

  private static final Duration READS = Duration.ofSeconds(30);
  private static final List<Study> STUDIES = DemoDataSet.STUDIES;

  private LocalStack stack;

  @Test
  void fillsThePlatformThroughThePublicApi() throws Exception {
    stack = LocalStack.shared();
    LocalDate today = stack.today();
    List<String> progress = new CopyOnWriteArrayList<>();

    DemoData.Loaded loaded = DemoData.load(URI.create(stack.baseUrl()), today, progress::add);

    System.out.println("demo data: " + loaded.summary() + "\n  " + String.join("\n  ", progress));
    List<Join> joins = STUDIES.stream().flatMap(s -> s.joins().stream()).toList();
    assertThat(loaded.userIds()).hasSize(DemoDataSet.USERS.size());
    assertThat(loaded.studyIds()).hasSize(STUDIES.size()).doesNotHaveDuplicates();
    assertThat(loaded.created()).isEqualTo(STUDIES.size());
    assertThat(loaded.joinRequests()).isEqualTo(joins.size());
    assertThat(loaded.approved()).isEqualTo(count(joins, Decision.APPROVED));
    assertThat(loaded.rejected()).isEqualTo(count(joins, Decision.REJECTED));
    assertThat(loaded.assignments())
        .isEqualTo(STUDIES.stream().mapToInt(s -> s.assignments().size()).sum());
    assertThat(progress).hasSize(3);

    // Every category lists each of its demo studies.
    for (String category : DemoDataSet.CATEGORIES) {
      assertThat(ids(STUDIES, s -> s.categories().contains(category), loaded)).isNotEmpty();
      awaitListing(
          "categories=" + category,
          ids(STUDIES, s -> s.categories().contains(category), loaded),
          ids(STUDIES, s -> !s.categories().contains(category), loaded));
    }
    // The search box sends one keyword as both post_title and study_name: Korean, then English.
    for (String keyword : List.of("스터디", "Study")) {
      String encoded = URLEncoder.encode(keyword, UTF_8);
      Predicate<Study> matches =
          s -> contains(s.postTitle(), keyword) || contains(s.studyName(), keyword);
      assertThat(ids(STUDIES, matches, loaded)).as(keyword).hasSizeGreaterThanOrEqualTo(3);
      awaitListing(
          "post_title=" + encoded + "&study_name=" + encoded,
          ids(STUDIES, matches, loaded),
          ids(STUDIES, matches.negate(), loaded));
    }
    awaitListing(
        "tags=" + URLEncoder.encode("알고리즘", UTF_8),
        ids(STUDIES, s -> s.tags().contains("알고리즘"), loaded),
        Set.of());

    Map<Integer, String> tokens = new HashMap<>();
    for (int i = 0; i < DemoDataSet.USERS.size(); i++) {
      tokens.put(i, login(DemoDataSet.USERS.get(i)));
    }
    for (int i = 0; i < STUDIES.size(); i++) {
      Study study = STUDIES.get(i);
      String id = loaded.studyIds().get(i);
      String leader = tokens.get(study.leader());
      await(study.studyName())
          .atMost(READS)
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> assertStudy(study, id, today, leader, loaded));
    }

    // Loading again (as after an interrupted load) signs in and leaves the studies alone.
    DemoData.Loaded again = DemoData.load(URI.create(stack.baseUrl()), today, progress::add);
    assertThat(again.created()).isZero();
    assertThat(again.joinRequests()).isZero();
    assertThat(again.studyIds()).isEqualTo(loaded.studyIds());
    assertThat(again.userIds()).isEqualTo(loaded.userIds());
  }

  private void assertStudy(
      Study study, String id, LocalDate today, String leaderToken, DemoData.Loaded loaded)
      throws Exception {
    String path = "/api/v1/studygroup/studies/" + id + "/";
    JsonNode detail = read(path, null);
    assertThat(detail.path("post_title").asString()).isEqualTo(study.postTitle());
    assertThat(detail.path("study_name").asString()).isEqualTo(study.studyName());
    assertThat(detail.path("post_content").asString()).contains("<h2>").contains("<li>");
    assertThat(strings(detail.path("categories")))
        .containsExactlyInAnyOrderElementsOf(study.categories());
    assertThat(strings(detail.path("tags"))).containsExactlyInAnyOrderElementsOf(study.tags());
    assertThat(detail.path("member_limit").asInt()).isEqualTo(study.memberLimit());
    assertThat(detail.path("current_member_count").asInt()).isEqualTo(study.memberCount());
    assertThat(detail.path("is_closed").asBoolean()).isEqualTo(study.full());
    assertThat(detail.path("deadline").asString()).isEqualTo(study.deadline(today).toString());
    assertThat(detail.path("start_date").asString()).isEqualTo(study.startDate(today).toString());
    assertThat(detail.path("end_date").asString()).isEqualTo(study.endDate(today).toString());
    assertThat(detail.path("leaders").get(0).path("username").asString())
        .isEqualTo(DemoDataSet.USERS.get(study.leader()).username());
    String image = detail.path("head_image").asString();
    if (study.image() == Image.NONE) {
      assertThat(image).startsWith("https://picsum.photos/");
    } else {
      assertThat(image).startsWith(stack.baseUrl() + "/media/");
      HttpResponse<byte[]> served =
          LocalStack.HTTP.send(
              HttpRequest.newBuilder(URI.create(image)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(served.headers().firstValue("Content-Type"))
          .contains(study.image() == Image.PNG ? "image/png" : "image/jpeg");
    }

    // Members: the leader and the approved applicants. Pending: exactly the undecided ones.
    List<String> members = new ArrayList<>();
    read(path + "members/", leaderToken)
        .forEach(member -> members.add(member.path("user").path("username").asString()));
    List<String> expectedMembers = new ArrayList<>();
    expectedMembers.add(DemoDataSet.USERS.get(study.leader()).username());
    study.joins().stream()
        .filter(j -> j.decision() == Decision.APPROVED)
        .forEach(j -> expectedMembers.add(DemoDataSet.USERS.get(j.user()).username()));
    assertThat(members).containsExactlyInAnyOrderElementsOf(expectedMembers);

    Map<String, String> pending = new HashMap<>();
    read(path + "requests/", leaderToken)
        .forEach(
            request ->
                pending.put(
                    request.path("user").path("uuid").asString(),
                    request.path("request_message").asString()));
    Map<String, String> expectedPending = new HashMap<>();
    study.joins().stream()
        .filter(j -> j.decision() == Decision.PENDING)
        .forEach(
            j ->
                expectedPending.put(
                    loaded.userIds().get(DemoDataSet.USERS.get(j.user()).email()).toString(),
                    j.message()));
    assertThat(pending).isEqualTo(expectedPending);

    List<String> assignments = new ArrayList<>();
    read(path + "assignments/", null)
        .path("results")
        .forEach(a -> assignments.add(a.path("title").asString()));
    assertThat(assignments)
        .containsExactlyInAnyOrderElementsOf(
            study.assignments().stream().map(DemoDataSet.Assignment::title).toList());
  }

  /**
   * Waits until the list with {@code query} shows every id of {@code present}, none of {@code
   * absent}.
   */
  private void awaitListing(String query, Set<String> present, Set<String> absent) {
    await(query)
        .atMost(READS)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Set<String> listed = listAll("/api/v1/studygroup/studies/?" + query);
              assertThat(listed).as(query).containsAll(present);
              if (!absent.isEmpty()) {
                assertThat(listed).as(query).doesNotContainAnyElementsOf(absent);
              }
            });
  }

  /** Every page of a study list. */
  private Set<String> listAll(String path) throws Exception {
    Set<String> ids = new HashSet<>();
    String next = path;
    while (next != null) {
      JsonNode page = read(next, null);
      page.path("results").forEach(study -> ids.add(study.path("uuid").asString()));
      JsonNode link = page.path("next");
      if (link.isNull() || link.isMissingNode()) {
        next = null;
      } else {
        URI uri = URI.create(link.asString());
        next = uri.getRawPath() + "?" + uri.getRawQuery();
      }
    }
    return ids;
  }

  private JsonNode read(String path, String token) throws Exception {
    HttpResponse<String> response = stack.send("GET", path, null, token);
    assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
    return LocalStack.JSON.readTree(response.body());
  }

  private String login(User user) throws Exception {
    HttpResponse<String> response =
        stack.send(
            "POST",
            "/api/v1/auth/login/",
            Map.of("email", user.email(), "password", DemoData.PASSWORD),
            null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return LocalStack.JSON.readTree(response.body()).path("access").asString();
  }

  private static Set<String> ids(
      List<Study> studies, Predicate<Study> which, DemoData.Loaded loaded) {
    Set<String> ids = new HashSet<>();
    IntStream.range(0, studies.size())
        .filter(i -> which.test(studies.get(i)))
        .forEach(i -> ids.add(loaded.studyIds().get(i)));
    return ids;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asString()));
    return values;
  }

  private static boolean contains(String text, String keyword) {
    return text.toLowerCase(Locale.ROOT).contains(keyword.toLowerCase(Locale.ROOT));
  }

  private static int count(List<Join> joins, Decision decision) {
    return (int) joins.stream().filter(j -> j.decision() == decision).count();
  }
}

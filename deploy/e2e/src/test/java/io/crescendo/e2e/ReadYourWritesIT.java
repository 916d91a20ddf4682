package io.crescendo.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * API-v1 §1.7: a write does not answer before any GET that follows it sees its effect. Through the
 * gateway, with search-service serving every read from its read models: each write is followed at
 * once (no waiting, no retry) by the read the frontend makes next, and every such read must show
 * the write. Stale reads are counted, not just the first one reported.
 */
class ReadYourWritesIT {

  static final int STUDIES = 30;

  private LocalStack stack;
  private final List<String> stale = new ArrayList<>();
  private final List<Long> writeMillis = new ArrayList<>();
  private int pairs;

  @Test
  void everyWriteIsVisibleToTheReadThatFollowsIt() throws Exception {
    stack = LocalStack.shared();
    String leaderEmail = email("ryw-leader");
    String memberEmail = email("ryw-member");
    String leader = signUp(leaderEmail, "leader");
    String member = signUp(memberEmail, "member");
    String memberId = (String) json(read("/api/v1/auth/profiles/me/", member)).get("uuid");
    LocalDate today = stack.today();

    List<String> studies = new ArrayList<>();
    List<String> assignments = new ArrayList<>();
    for (int round = 0; round < STUDIES; round++) {
      int i = round;
      // create → the detail page renders it
      var created =
          write(
              "POST",
              "/api/v1/studygroup/studies/",
              Map.of(
                  "post_title", "읽기 일관성 " + i,
                  "post_content", "<p>ryw</p>",
                  "study_name", "Consistency " + i,
                  "member_limit", 5,
                  "deadline", today.plusDays(1).toString(),
                  "start_date", today.plusDays(2).toString(),
                  "end_date", today.plusDays(30).toString(),
                  "categories", List.of("Backend"),
                  "tags", List.of("ryw")),
              leader,
              201);
      String study = (String) json(created).get("uuid");
      studies.add(study);
      String path = "/api/v1/studygroup/studies/" + study + "/";
      check("created study " + i, path, null, body -> body.contains("읽기 일관성 " + i));

      // join request → the leader's request list
      write("POST", path + "requests/", Map.of("request_message", "함께해요 " + i), member, 201);
      var requests =
          check("join request " + i, path + "requests/", leader, b -> b.contains(memberId));
      long request = requestIdOf(requests);

      // approve → the member list, which only a member may read
      write("POST", path + "requests/" + request + "/", null, leader, 201);
      check("approval " + i, path + "members/", member, body -> body.contains(memberId));

      // assignment → the assignment list, as a member reads it
      write(
          "POST",
          path + "assignments/",
          Map.of("title", "과제 " + i, "content", "내용 " + i),
          leader,
          201);
      var listed =
          check(
              "assignment " + i,
              path + "assignments/?truncate=120",
              member,
              body -> body.contains("과제 " + i));
      assignments.add(path + "assignments/" + firstResultId(listed) + "/");

      // edit → the detail page again
      write("PATCH", path, Map.of("post_title", "고친 제목 " + i), leader, 200);
      check("edit " + i, path, null, body -> body.contains("고친 제목 " + i));
    }

    // Three days later the studies have started: submissions and their edits.
    stack = LocalStack.restartShared(stack.clockOffset().plusDays(3));
    member = login(memberEmail);
    for (int round = 0; round < STUDIES; round++) {
      int i = round;
      String submissions = assignments.get(i) + "submissions/";
      write("POST", submissions, Map.of("title", "제출 " + i, "content", "<p>done</p>"), member, 201);
      var listed = check("submission " + i, submissions, member, b -> b.contains("제출 " + i));
      String submission = submissions + firstResultId(listed) + "/";
      write("PATCH", submission, Map.of("title", "고친 제출 " + i), member, 200);
      check("submission edit " + i, submission, member, body -> body.contains("고친 제출 " + i));
    }

    long[] sorted = writeMillis.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        "read-your-writes: %d write→read pairs, %d stale; write latency incl. wait p50 %d ms,"
            + " p99 %d ms, max %d ms%n",
        pairs,
        stale.size(),
        sorted[sorted.length / 2],
        sorted[(int) Math.ceil(sorted.length * 0.99) - 1],
        sorted[sorted.length - 1]);
    assertThat(pairs).isGreaterThanOrEqualTo(200);
    assertThat(stale).as("stale reads").isEmpty();
  }

  /**
   * A write with the expected status ({@code -1}: any), which must say it was applied.
   *
   * @return the answer
   */
  private HttpResponse<String> write(
      String method, String path, Map<String, ?> body, String bearer, int expected)
      throws Exception {
    long started = System.nanoTime();
    var response = stack.send(method, path, body, bearer);
    if (expected < 0) {
      return response;
    }
    writeMillis.add((System.nanoTime() - started) / 1_000_000);
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(expected);
    assertThat(response.headers().firstValue("Crescendo-Consistency"))
        .as(method + " " + path)
        .contains("applied");
    assertThat(response.headers().firstValue("Crescendo-Consistency-Token")).isEmpty();
    return response;
  }

  /** The read right after a write: counted stale unless 200 and {@code shows} holds. */
  private HttpResponse<String> check(
      String what, String path, String bearer, Predicate<String> shows) throws Exception {
    pairs++;
    var response = read(path, bearer);
    if (response.statusCode() != 200 || !shows.test(response.body())) {
      stale.add(what + ": " + response.statusCode() + " " + response.body());
    }
    return response;
  }

  private HttpResponse<String> read(String path, String bearer) throws Exception {
    return stack.send("GET", path, null, bearer);
  }

  private static Map<?, ?> json(HttpResponse<String> response) {
    return LocalStack.JSON.readValue(response.body(), Map.class);
  }

  private static long requestIdOf(HttpResponse<String> requests) {
    List<?> list = LocalStack.JSON.readValue(requests.body(), List.class);
    return list.isEmpty() ? -1 : ((Number) ((Map<?, ?>) list.getFirst()).get("id")).longValue();
  }

  private static long firstResultId(HttpResponse<String> page) {
    List<?> results = (List<?>) json(page).get("results");
    return results == null || results.isEmpty()
        ? -1
        : ((Number) ((Map<?, ?>) results.getFirst()).get("id")).longValue();
  }

  private static String email(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  private String signUp(String email, String name) throws Exception {
    var response =
        write(
            "POST",
            "/api/v1/auth/signup/",
            Map.of("email", email, "password", "correct horse battery", "username", name),
            null,
            201);
    return (String) json(response).get("access");
  }

  private String login(String email) throws Exception {
    var response =
        stack.send(
            "POST",
            "/api/v1/auth/login/",
            Map.of("email", email, "password", "correct horse battery"),
            null);
    assertThat(response.statusCode()).isEqualTo(200);
    return (String) json(response).get("access");
  }
}

package io.crescendo.bench;

import io.crescendo.bench.Http.Answer;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * The calls of API-v1 the benchmarks make, against one base URL: the gateway, or a service directly
 * (same paths, no read-your-writes wait).
 */
final class PlatformClient {

  static final String PASSWORD = "correct horse battery";
  private static final String STUDIES = "/api/v1/studygroup/studies/";

  private final Http http;
  private final String baseUrl;

  PlatformClient(Http http, String baseUrl) {
    this.http = http;
    this.baseUrl = baseUrl;
  }

  String baseUrl() {
    return baseUrl;
  }

  Mono<Answer> get(String path, String bearer) {
    return http.send("GET", baseUrl + path, null, bearer);
  }

  Mono<Answer> send(String method, String path, Object body, String bearer) {
    return http.send(method, baseUrl + path, body, bearer);
  }

  /** A signed-in user. */
  record User(String email, String token) {}

  /** Signs a new user up. */
  Mono<User> signUp(String name) {
    String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@bench.local";
    return send(
            "POST",
            "/api/v1/auth/signup/",
            Map.of("email", email, "password", PASSWORD, "username", name),
            null)
        .map(answer -> new User(email, expect(answer, 201).json().get("access").asString()));
  }

  /** Signs in again, e.g. after the clock moved past the access token's expiry. */
  Mono<User> login(String email) {
    return send("POST", "/api/v1/auth/login/", Map.of("email", email, "password", PASSWORD), null)
        .map(answer -> new User(email, expect(answer, 200).json().get("access").asString()));
  }

  /** A study recruiting until tomorrow ({@code today} is the services' date), starting after. */
  Mono<Answer> createStudy(String leader, String title, LocalDate today, int memberLimit) {
    return send(
        "POST",
        STUDIES,
        Map.of(
            "post_title", title,
            "study_name", "bench",
            "post_content", "<p>" + title + "</p>",
            "member_limit", memberLimit,
            "deadline", today.plusDays(1).toString(),
            "start_date", today.plusDays(2).toString(),
            "end_date", today.plusDays(60).toString(),
            "categories", List.of("Backend", "AI"),
            "tags", List.of("bench")),
        leader);
  }

  Mono<Answer> requestToJoin(String member, String study) {
    return send("POST", STUDIES + study + "/requests/", Map.of("request_message", "bench"), member);
  }

  /** The pending join requests of a study (leader). */
  Mono<Answer> joinRequests(String leader, String study) {
    return get(STUDIES + study + "/requests/", leader);
  }

  Mono<Answer> approve(String leader, String study, long requestId) {
    return send("POST", STUDIES + study + "/requests/" + requestId + "/", null, leader);
  }

  Mono<Answer> createAssignment(String leader, String study, String title) {
    return send(
        "POST",
        STUDIES + study + "/assignments/",
        Map.of("title", title, "content", "bench"),
        leader);
  }

  Mono<Answer> assignments(String bearer, String study) {
    return get(STUDIES + study + "/assignments/", bearer);
  }

  Mono<Answer> submit(String member, String study, String assignment, String title) {
    return send(
        "POST",
        STUDIES + study + "/assignments/" + assignment + "/submissions/",
        Map.of("title", title, "content", "<p>bench</p>"),
        member);
  }

  static Answer expect(Answer answer, int status) {
    if (answer.status() != status) {
      throw new IllegalStateException(
          "expected HTTP " + status + " but got " + answer.status() + ": " + answer.body());
    }
    return answer;
  }
}

package io.crescendo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The platform's writes and reads that the suites build their fixtures with, through the gateway.
 */
final class Studies {

  static final String STUDIES = "/api/v1/studygroup/studies/";

  private final Api api;
  private final Supplier<LocalDate> today;

  Studies(Api api, Supplier<LocalDate> today) {
    this.api = api;
    this.today = today;
  }

  /** A study form that is valid today: recruiting until tomorrow, starting the day after. */
  Api.Form form(String title, int memberLimit) {
    LocalDate now = today.get();
    return new Api.Form()
        .field("post_title", title)
        .field("study_name", "reliability " + title)
        .field("post_content", "<p>" + title + "</p>")
        .field("member_limit", Integer.toString(memberLimit))
        .field("deadline", now.plusDays(1).toString())
        .field("start_date", now.plusDays(2).toString())
        .field("end_date", now.plusDays(30).toString())
        .field("categories", "Backend")
        .field("tags", "reliability");
  }

  /** Opens a study led by {@code leader}; its uuid. */
  UUID create(Account leader, String title, int memberLimit) {
    var created = api.form("POST", STUDIES, form(title, memberLimit), leader.token());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return UUID.fromString(created.json().path("uuid").asString());
  }

  static String study(UUID study) {
    return STUDIES + study + "/";
  }

  static String assignments(UUID study) {
    return study(study) + "assignments/";
  }

  static String assignment(UUID study, long assignment) {
    return assignments(study) + assignment + "/";
  }

  static String submissions(UUID study, long assignment) {
    return assignment(study, assignment) + "submissions/";
  }

  /** {@code applicant} asks to join; the id of the pending request, as the leader sees it. */
  long requestToJoin(Account applicant, UUID study, Account leader) {
    var asked =
        api.json(
            "POST",
            study(study) + "requests/",
            Map.of("request_message", "let me in"),
            applicant.token());
    assertThat(asked.status()).as(asked.toString()).isEqualTo(201);
    return pendingRequestOf(applicant, study, leader);
  }

  long pendingRequestOf(Account applicant, UUID study, Account leader) {
    var pending = api.get(study(study) + "requests/", leader.token());
    assertThat(pending.status()).as(pending.toString()).isEqualTo(200);
    for (JsonNode request : pending.json()) {
      if (request.path("user").path("uuid").asString().equals(applicant.uuid().toString())) {
        return request.path("id").asLong();
      }
    }
    throw new AssertionError("no pending request of " + applicant + " in " + pending);
  }

  void approve(Account leader, UUID study, long request) {
    var approved =
        api.json("POST", study(study) + "requests/" + request + "/", null, leader.token());
    assertThat(approved.status()).as(approved.toString()).isEqualTo(201);
  }

  /** {@code applicant} asks, the leader approves; the new membership's id. */
  long join(Account applicant, UUID study, Account leader) {
    approve(leader, study, requestToJoin(applicant, study, leader));
    return membershipOf(applicant, study, leader);
  }

  long membershipOf(Account user, UUID study, Account reader) {
    for (JsonNode member : members(study, reader)) {
      if (member.path("user").path("uuid").asString().equals(user.uuid().toString())) {
        return member.path("id").asLong();
      }
    }
    throw new AssertionError(user + " is not a member of " + study);
  }

  JsonNode members(UUID study, Account reader) {
    var members = api.get(study(study) + "members/", reader.token());
    assertThat(members.status()).as(members.toString()).isEqualTo(200);
    return members.json();
  }

  JsonNode detail(UUID study) {
    var detail = api.get(study(study), null);
    assertThat(detail.status()).as(detail.toString()).isEqualTo(200);
    return detail.json();
  }

  /** The leader posts an assignment; its id (the newest of the study's list). */
  long postAssignment(Account leader, UUID study, String title) {
    var posted =
        api.json(
            "POST",
            assignments(study),
            Map.of("title", title, "content", "content of " + title),
            leader.token());
    assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
    var list = api.get(assignments(study) + "?truncate=0", leader.token());
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    for (JsonNode assignment : list.json().path("results")) {
      if (assignment.path("title").asString().equals(title)) {
        return assignment.path("id").asLong();
      }
    }
    throw new AssertionError("assignment " + title + " not listed: " + list);
  }

  /** {@code member} submits once; the submission's id. */
  long submit(Account member, UUID study, long assignment, String title) {
    var submitted =
        api.json(
            "POST",
            submissions(study, assignment),
            Map.of("title", title, "content", "<p>" + title + "</p>"),
            member.token());
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    return submissionOf(member, study, assignment);
  }

  long submissionOf(Account author, UUID study, long assignment) {
    var list = api.get(submissions(study, assignment), author.token());
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    for (JsonNode submission : list.json().path("results")) {
      if (submission.path("author").path("uuid").asString().equals(author.uuid().toString())) {
        return submission.path("id").asLong();
      }
    }
    throw new AssertionError("no submission of " + author + ": " + list);
  }
}

package io.crescendo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.events.Topics;
import io.crescendo.events.assignment.AssignmentUpdated;
import io.crescendo.events.assignment.SubmissionCreated;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.study.JoinRequestApproved;
import io.crescendo.events.study.StudyGroupUpdated;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Races through the gateway, many rounds each ({@link Rounds}): exactly the legal outcome every
 * time, the read model (search-service) agreeing with the answers, and the event streams without
 * gaps.
 */
class ConcurrencyIT {

  /** Per race, how often each outcome was seen, for docs/reliability.md. */
  private static final Map<String, Map<String, Integer>> OUTCOMES = new LinkedHashMap<>();

  private static Platform platform;
  private static Api api;
  private static Studies studies;

  @BeforeAll
  static void stack() {
    platform = Platform.shared();
    api = platform.api;
    studies = platform.studies;
  }

  /**
   * K people ask to join a study with one seat left (all at once), then the leader approves every
   * request at once: one approval (201), every other refused as the study is full (400 {@code
   * detail}); the study shows full in search-service, with exactly the winner added.
   */
  @Test
  void racesForTheLastSeat() {
    Account leader = Account.signUp(api, "seat-leader");
    Account settled = Account.signUp(api, "settled");
    List<Account> racers =
        IntStream.range(0, Rounds.RACERS).mapToObj(i -> Account.signUp(api, "racer" + i)).toList();
    List<String> studyIds = new ArrayList<>();
    for (int round = 0; round < Rounds.ROUNDS; round++) {
      // Limits 3 and 4 by turns: the leader, settled members, and one seat left.
      int limit = 3 + round % 2;
      UUID study = studies.create(leader, "last seat " + round, limit);
      studyIds.add(study.toString());
      studies.join(settled, study, leader);
      List<Account> alreadyIn = new ArrayList<>(List.of(leader, settled));
      if (limit == 4) {
        Account another = Account.signUp(api, "settled-" + round);
        studies.join(another, study, leader);
        alreadyIn.add(another);
      }

      List<Callable<Api.Response>> asks = new ArrayList<>();
      for (Account racer : racers) {
        asks.add(
            () ->
                api.json(
                    "POST",
                    Studies.study(study) + "requests/",
                    Map.of("request_message", "me first"),
                    racer.token()));
      }
      for (Api.Response asked : Api.race(asks)) {
        count("join requests (all at once, study open)", asked.status());
        assertThat(asked.status()).as(asked.toString()).isEqualTo(201);
      }

      Map<Long, Account> requests = new LinkedHashMap<>();
      for (Account racer : racers) {
        requests.put(studies.pendingRequestOf(racer, study, leader), racer);
      }
      List<Long> ids = List.copyOf(requests.keySet());
      List<Callable<Api.Response>> approvals = new ArrayList<>();
      for (long id : ids) {
        approvals.add(
            () ->
                api.json(
                    "POST", Studies.study(study) + "requests/" + id + "/", null, leader.token()));
      }
      List<Api.Response> answers = Api.race(approvals);
      List<Account> winners = new ArrayList<>();
      for (int i = 0; i < answers.size(); i++) {
        Api.Response answer = answers.get(i);
        count("approvals of the last seat (all at once)", answer.status());
        if (answer.status() == 201) {
          winners.add(requests.get(ids.get(i)));
        } else {
          assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
          assertThat(answer.json().path("detail").isString()).as(answer.toString()).isTrue();
        }
      }
      assertThat(winners).as("round " + round + ": approvals that won the last seat").hasSize(1);

      // The read model agrees: full, closed, exactly the winner added, the losers still pending.
      JsonNode detail = studies.detail(study);
      assertThat(detail.path("current_member_count").asInt()).isEqualTo(limit);
      assertThat(detail.path("is_closed").asBoolean()).isTrue();
      Set<String> members = new HashSet<>();
      studies
          .members(study, leader)
          .forEach(m -> members.add(m.path("user").path("uuid").asString()));
      Set<String> expected = new HashSet<>();
      alreadyIn.forEach(a -> expected.add(a.uuid().toString()));
      expected.add(winners.get(0).uuid().toString());
      assertThat(members).as("members of " + study).isEqualTo(expected);
      var pending = api.get(Studies.study(study) + "requests/", leader.token());
      assertThat(pending.json().size()).isEqualTo(Rounds.RACERS - 1);
      // Nobody gets in any more.
      var late =
          api.json(
              "POST",
              Studies.study(study) + "requests/",
              Map.of("request_message", "too late"),
              settledLate().token());
      count("join request to the full study", late.status());
      assertThat(late.status()).as(late.toString()).isEqualTo(400);
    }

    // The studies' streams: no gaps, and exactly one approval past the settled members.
    var streams =
        EventStreams.read(
            platform,
            Topics.STUDY_STUDYGROUP,
            studyIds,
            read ->
                IntStream.range(0, studyIds.size())
                    .allMatch(
                        round ->
                            approvals(read.getOrDefault(studyIds.get(round), List.of()))
                                >= approvalsOfRound(round)));
    for (int round = 0; round < studyIds.size(); round++) {
      String id = studyIds.get(round);
      List<EventEnvelope> events = streams.get(id);
      EventStreams.assertContiguous(id, events);
      assertThat(approvals(events)).as("approvals of " + id).isEqualTo(approvalsOfRound(round));
    }
    count("study streams checked (no gap, one winning approval)", studyIds.size());
  }

  /** The settled members' approvals (one or two) and the winner's. */
  private static long approvalsOfRound(int round) {
    return 1 + round % 2 + 1;
  }

  private static long approvals(List<EventEnvelope> events) {
    return events.stream().filter(e -> e.data() instanceof JoinRequestApproved).count();
  }

  private static Account late;

  private static synchronized Account settledLate() {
    if (late == null) {
      late = Account.signUp(api, "latecomer");
    }
    return late;
  }

  /**
   * The same member submits to the same assignment K times at once: one submission (201), every
   * other attempt 400 {@code non_field_errors}; the list shows exactly one, and the stream has one
   * SubmissionCreated.
   */
  @Test
  void submitsTwiceAtOnce() {
    UUID study = platform.submissions.study();
    Account leader = platform.submissions.leader();
    Account member = platform.submissions.members().get(0);
    List<Long> assignments = new ArrayList<>();
    for (int round = 0; round < Rounds.ROUNDS; round++) {
      long assignment = studies.postAssignment(leader, study, "double submission " + round);
      assignments.add(assignment);
      List<Callable<Api.Response>> attempts = new ArrayList<>();
      for (int i = 0; i < Rounds.RACERS; i++) {
        String title = "attempt " + round + "." + i;
        attempts.add(
            () ->
                api.json(
                    "POST",
                    Studies.submissions(study, assignment),
                    Map.of("title", title, "content", "<p>" + title + "</p>"),
                    member.token()));
      }
      List<Api.Response> answers = Api.race(attempts);
      String winner = null;
      for (int i = 0; i < answers.size(); i++) {
        Api.Response answer = answers.get(i);
        count("submissions of one member to one assignment (all at once)", answer.status());
        if (answer.status() == 201) {
          assertThat(winner).as("round " + round + ": a second submission was accepted").isNull();
          winner = "attempt " + round + "." + i;
        } else {
          assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
          assertThat(answer.json().path("non_field_errors").isArray())
              .as(answer.toString())
              .isTrue();
        }
      }
      assertThat(winner).as("round " + round + ": no submission was accepted").isNotNull();

      var list = api.get(Studies.submissions(study, assignment), member.token());
      assertThat(list.status()).isEqualTo(200);
      JsonNode results = list.json().path("results");
      assertThat(results.size()).as(list.toString()).isEqualTo(1);
      assertThat(results.path(0).path("title").asString()).isEqualTo(winner);
    }

    Set<Long> wanted = Set.copyOf(assignments);
    var streams =
        EventStreams.read(
            platform,
            Topics.ASSIGNMENT_SUBMISSION,
            e -> e.data() instanceof SubmissionCreated c && wanted.contains(c.assignmentId()),
            read -> read.size() >= assignments.size());
    Map<Long, Integer> created = new TreeMap<>();
    streams
        .values()
        .forEach(
            events ->
                events.forEach(
                    e ->
                        created.merge(
                            ((SubmissionCreated) e.data()).assignmentId(), 1, Integer::sum)));
    assertThat(created.keySet()).isEqualTo(new java.util.TreeSet<>(wanted));
    assertThat(created.values()).allMatch(n -> n == 1);
    count("assignments whose stream has exactly one SubmissionCreated", created.size());
  }

  /**
   * The leader saves the same study (PUT, multipart) and the same assignment (PUT, JSON) K times at
   * once, each with another title: every answer 200; what search-service shows afterwards is one of
   * the titles sent, and the last one in the event stream; one event per accepted edit, no gaps.
   */
  @Test
  void editsTheSameThingsAtOnce() {
    Account leader = Account.signUp(api, "editor");
    UUID study = studies.create(leader, "edited", 10);
    long assignment = studies.postAssignment(leader, study, "edited assignment");
    List<Set<String>> studyTitles = new ArrayList<>();
    List<String> studyShown = new ArrayList<>();
    List<Set<String>> assignmentTitles = new ArrayList<>();
    List<String> assignmentShown = new ArrayList<>();
    int acceptedStudyEdits = 0;
    int acceptedAssignmentEdits = 0;
    for (int round = 0; round < Rounds.ROUNDS; round++) {
      List<Callable<Api.Response>> edits = new ArrayList<>();
      Set<String> titles = new HashSet<>();
      Set<String> texts = new HashSet<>();
      for (int i = 0; i < Rounds.RACERS; i++) {
        String title = "study edit " + round + "." + i;
        String text = "assignment edit " + round + "." + i;
        titles.add(title);
        texts.add(text);
        edits.add(
            () -> api.form("PUT", Studies.study(study), studies.form(title, 10), leader.token()));
        edits.add(
            () ->
                api.json(
                    "PUT",
                    Studies.assignment(study, assignment),
                    Map.of("title", text, "content", "content " + text),
                    leader.token()));
      }
      for (Api.Response answer : Api.race(edits)) {
        boolean isStudy = !answer.raw().request().uri().getPath().contains("/assignments/");
        count(
            isStudy ? "study edits (all at once)" : "assignment edits (all at once)",
            answer.status());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        if (isStudy) {
          acceptedStudyEdits++;
        } else {
          acceptedAssignmentEdits++;
        }
      }
      String shownTitle = studies.detail(study).path("post_title").asString();
      assertThat(titles).as("round " + round).contains(shownTitle);
      studyTitles.add(titles);
      studyShown.add(shownTitle);
      var detail = api.get(Studies.assignment(study, assignment), leader.token());
      assertThat(detail.status()).isEqualTo(200);
      String shownText = detail.json().path("title").asString();
      assertThat(texts).as("round " + round).contains(shownText);
      assignmentTitles.add(texts);
      assignmentShown.add(shownText);
    }

    int studyEdits = acceptedStudyEdits;
    var studyStream =
        EventStreams.read(
                platform,
                Topics.STUDY_STUDYGROUP,
                List.of(study.toString()),
                read ->
                    read.getOrDefault(study.toString(), List.of()).stream()
                            .filter(e -> e.data() instanceof StudyGroupUpdated)
                            .count()
                        >= studyEdits)
            .get(study.toString());
    EventStreams.assertContiguous(study.toString(), studyStream);
    List<String> studyUpdates =
        studyStream.stream()
            .filter(e -> e.data() instanceof StudyGroupUpdated)
            .map(e -> ((StudyGroupUpdated) e.data()).postTitle())
            .toList();
    assertLastOfEachRound(studyUpdates, studyTitles, studyShown, acceptedStudyEdits);

    int assignmentEdits = acceptedAssignmentEdits;
    String key = Long.toString(assignment);
    var assignmentStream =
        EventStreams.read(
                platform,
                Topics.ASSIGNMENT_ASSIGNMENT,
                List.of(key),
                read ->
                    read.getOrDefault(key, List.of()).stream()
                            .filter(e -> e.data() instanceof AssignmentUpdated)
                            .count()
                        >= assignmentEdits)
            .get(key);
    EventStreams.assertContiguous(key, assignmentStream);
    List<String> assignmentUpdates =
        assignmentStream.stream()
            .filter(e -> e.data() instanceof AssignmentUpdated)
            .map(e -> ((AssignmentUpdated) e.data()).title())
            .toList();
    assertLastOfEachRound(
        assignmentUpdates, assignmentTitles, assignmentShown, acceptedAssignmentEdits);
    count("edit rounds whose shown state is the stream's last write", 2 * Rounds.ROUNDS);
  }

  /**
   * One update event per accepted edit, the rounds in order, and what was shown after each round is
   * the last write of that round in the stream.
   */
  private static void assertLastOfEachRound(
      List<String> updates, List<Set<String>> rounds, List<String> shown, int accepted) {
    assertThat(updates).hasSize(accepted);
    assertThat(new HashSet<>(updates)).hasSize(accepted);
    int at = 0;
    for (int round = 0; round < rounds.size(); round++) {
      Set<String> titles = rounds.get(round);
      int from = at;
      while (at < updates.size() && titles.contains(updates.get(at))) {
        at++;
      }
      assertThat(at - from).as("updates of round " + round).isEqualTo(titles.size());
      assertThat(updates.get(at - 1))
          .as("last write of round " + round)
          .isEqualTo(shown.get(round));
    }
  }

  private static void count(String race, int status) {
    count(race, Integer.toString(status), 1);
  }

  private static void count(String race, long times) {
    count(race, "ok", (int) times);
  }

  private static synchronized void count(String race, String outcome, int times) {
    OUTCOMES.computeIfAbsent(race, r -> new TreeMap<>()).merge(outcome, times, Integer::sum);
  }

  @AfterAll
  static void report() {
    List<String> lines = new ArrayList<>();
    lines.add(
        Rounds.ROUNDS + " rounds per race, " + Rounds.RACERS + " concurrent callers per round.");
    lines.add("");
    lines.add("| race | outcome (status) | count |");
    lines.add("|---|---|---|");
    OUTCOMES.forEach(
        (race, outcomes) ->
            outcomes.forEach(
                (outcome, n) -> lines.add("| " + race + " | " + outcome + " | " + n + " |")));
    Report.section("Concurrency", lines);
  }
}

package io.crescendo.bench;

import io.crescendo.bench.Http.Answer;
import io.crescendo.bench.PlatformClient.User;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Sustained join / approve / submit commands through the gateway, each answered after its
 * read-your-writes wait, from many concurrent users.
 *
 * <p>Setup (not measured): members join recruiting studies ("A") and are approved; every clock then
 * moves three days ahead (the launcher restarts on the same data) so that A has started and takes
 * submissions; the leaders post assignments in A and open new studies ("B"). The measured load is
 * units of work, each: a member asks to join a B study, its leader reads the pending requests (a
 * read, not counted as a command) and approves, and a member submits to an A assignment.
 */
final class MixedCommandsBenchmark implements Benchmark {

  private static final int MEMBERS_PER_STUDY = 9; // member_limit ≤ 10, the leader included
  private static final int CONCURRENCY = 64;

  @Override
  public String name() {
    return "mixed-commands";
  }

  @Override
  public List<Figure> run(BenchContext context) throws Exception {
    int aStudies = context.size(15, 30);
    int assignmentsPerStudy = context.size(15, 25);
    int members = aStudies * MEMBERS_PER_STUDY;
    int units = Math.min(context.size(1_500, 6_000), members * assignmentsPerStudy);
    int bStudies = (units + MEMBERS_PER_STUDY - 1) / MEMBERS_PER_STUDY;
    Duration measured = context.duration(Duration.ofSeconds(15), Duration.ofSeconds(45));

    PlatformClient api = context.gateway();
    List<User> leaders = Fixtures.users(api, "leader", aStudies);
    List<User> memberUsers = Fixtures.users(api, "member", members);
    List<String> studiesA = studies(context, api, leaders, aStudies, "A");
    // member m belongs to A study m / 9
    Flux.range(0, members)
        .flatMap(
            m -> {
              int a = m / MEMBERS_PER_STUDY;
              return joinAndApprove(api, memberUsers.get(m), leaders.get(a), studiesA.get(a));
            },
            8)
        .blockLast();
    BenchContext.log("  setup: %d members in %d studies about to start", members, aStudies);

    context.restart(context.stack().clockOffset().plusDays(3));
    PlatformClient later = context.gateway();
    // Three days on, the access tokens have expired.
    List<User> leadersAgain = relogin(later, leaders);
    List<User> membersAgain = relogin(later, memberUsers);
    List<List<String>> assignments = new ArrayList<>();
    for (int a = 0; a < aStudies; a++) {
      assignments.add(
          assignments(later, leadersAgain.get(a).token(), studiesA.get(a), assignmentsPerStudy));
    }
    List<String> studiesB = studies(context, later, leadersAgain, bStudies, "B");
    BenchContext.log(
        "  setup: %d assignments, %d recruiting studies; load for %d s",
        aStudies * assignmentsPerStudy, bStudies, measured.toSeconds());

    Latencies join = new Latencies();
    Latencies approve = new Latencies();
    Latencies submit = new Latencies();
    AtomicLong commands = new AtomicLong();
    Map<String, Long> failures = new ConcurrentHashMap<>();
    long t0 = System.nanoTime();
    long end = t0 + measured.toNanos();
    AtomicLong lastAnswer = new AtomicLong(t0);
    Flux.range(0, units)
        .flatMap(
            n -> {
              if (System.nanoTime() >= end) {
                return Mono.empty();
              }
              int b = n / MEMBERS_PER_STUDY;
              String bStudy = studiesB.get(b);
              User bLeader = leadersAgain.get(b % aStudies);
              User joiner =
                  membersAgain.get((b * MEMBERS_PER_STUDY + n % MEMBERS_PER_STUDY) % members);
              int m = n % members;
              User submitter = membersAgain.get(m);
              String aStudy = studiesA.get(m / MEMBERS_PER_STUDY);
              String assignment = assignments.get(m / MEMBERS_PER_STUDY).get(n / members);
              return timed("join", later.requestToJoin(joiner.token(), bStudy), join, commands)
                  .then(pendingRequest(later, bLeader.token(), bStudy, joiner.token()))
                  .flatMap(
                      request ->
                          timed(
                              "approve",
                              later.approve(bLeader.token(), bStudy, request),
                              approve,
                              commands))
                  .then(
                      timed(
                          "submit",
                          later.submit(submitter.token(), aStudy, assignment, "제출 " + n),
                          submit,
                          commands))
                  .onErrorResume(
                      e -> {
                        failures.merge(e.getMessage(), 1L, Long::sum);
                        return Mono.empty();
                      })
                  .doFinally(signal -> lastAnswer.accumulateAndGet(System.nanoTime(), Math::max));
            },
            CONCURRENCY)
        .blockLast();
    double seconds = (lastAnswer.get() - t0) / 1e9;
    double perSecond = commands.get() / seconds;
    long failed = failures.values().stream().mapToLong(Long::longValue).sum();
    BenchContext.log(
        "  %d commands in %.1f s; join %s; approve %s; submit %s; failures %s",
        commands.get(), seconds, join.summary(), approve.summary(), submit.summary(), failures);
    return List.of(
        Figure.withoutReference(
            "sustained join/approve/submit through the gateway",
            "%s commands/s, %d errors".formatted(Figure.number(perSecond), failed),
            "≥ 1 000/s without errors",
            perSecond >= 1_000 && failed == 0,
            ("%d concurrent users for %d s, each command answered after its read-your-writes wait"
                    + " (plus one read of the applicants per approval); p99 join %s ms, approve"
                    + " %s ms, submit %s ms")
                .formatted(
                    CONCURRENCY,
                    measured.toSeconds(),
                    Figure.number(join.summary().p99()),
                    Figure.number(approve.summary().p99()),
                    Figure.number(submit.summary().p99()))));
  }

  /** One study per leader in turn, in order. */
  private static List<String> studies(
      BenchContext context, PlatformClient api, List<User> leaders, int count, String set) {
    return Flux.range(0, count)
        .flatMapSequential(
            i ->
                api.createStudy(
                        leaders.get(i % leaders.size()).token(),
                        "혼합 부하 " + set + " " + i,
                        context.stack().today(),
                        MEMBERS_PER_STUDY + 1)
                    .map(
                        answer -> PlatformClient.expect(answer, 201).json().get("uuid").asString()),
            8)
        .collectList()
        .block();
  }

  private static Mono<Void> joinAndApprove(
      PlatformClient api, User member, User leader, String study) {
    return api.requestToJoin(member.token(), study)
        .map(answer -> PlatformClient.expect(answer, 201))
        .then(pendingRequest(api, leader.token(), study, member.token()))
        .flatMap(id -> api.approve(leader.token(), study, id))
        .map(answer -> PlatformClient.expect(answer, 201))
        .then();
  }

  /** The id of the member's pending request, as the leader's applicants list shows it. */
  private static Mono<Long> pendingRequest(
      PlatformClient api, String leader, String study, String member) {
    String userId = userId(member);
    return api.joinRequests(leader, study)
        .map(
            answer -> {
              for (JsonNode request : PlatformClient.expect(answer, 200).json()) {
                if (request.get("user").get("uuid").asString().equals(userId)) {
                  return request.get("id").asLong();
                }
              }
              throw new IllegalStateException("no pending request of " + userId);
            });
  }

  /** The {@code user_uuid} claim of an access token (API-v1 §2.1), read without verifying it. */
  static String userId(String token) {
    byte[] payload = Base64.getUrlDecoder().decode(token.split("\\.")[1]);
    return Http.JSON
        .readTree(new String(payload, StandardCharsets.UTF_8))
        .get("user_uuid")
        .asString();
  }

  private static List<User> relogin(PlatformClient api, List<User> users) {
    return Flux.fromIterable(users)
        .flatMapSequential(user -> api.login(user.email()), 8)
        .collectList()
        .block();
  }

  /** Posts {@code count} assignments; their ids, read back page by page. */
  private static List<String> assignments(
      PlatformClient api, String leader, String study, int count) {
    Flux.range(0, count)
        .concatMap(
            i ->
                api.createAssignment(leader, study, "과제 " + i)
                    .map(answer -> PlatformClient.expect(answer, 201)))
        .blockLast();
    List<String> ids = new ArrayList<>();
    String path = "/api/v1/studygroup/studies/" + study + "/assignments/";
    while (path != null) {
      JsonNode page = PlatformClient.expect(api.get(path, leader).block(), 200).json();
      page.get("results").forEach(a -> ids.add(a.get("id").asString()));
      JsonNode next = page.get("next");
      if (next == null || next.isNull()) {
        path = null;
      } else {
        URI uri = URI.create(next.asString());
        path = uri.getRawPath() + "?" + uri.getRawQuery();
      }
    }
    if (ids.size() != count) {
      throw new IllegalStateException("expected " + count + " assignments, found " + ids.size());
    }
    return ids;
  }

  private static Mono<Void> timed(
      String name, Mono<Answer> command, Latencies latencies, AtomicLong commands) {
    return Mono.defer(
        () -> {
          long t0 = System.nanoTime();
          return command.flatMap(
              answer -> {
                if (answer.status() != 201) {
                  return Mono.error(new IllegalStateException(name + " HTTP " + answer.status()));
                }
                latencies.recordNanos(System.nanoTime() - t0);
                commands.incrementAndGet();
                return Mono.<Void>empty();
              });
        });
  }
}

package io.crescendo.reliability;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The people and objects the authorization matrix talks about: a leader, a member, the author of a
 * submission (also a member), a stranger, and two studies they share — an open one (study writes,
 * members, join requests) and a started one (assignments, submissions).
 */
final class MatrixWorld {

  private static final AtomicInteger SERIAL = new AtomicInteger();

  final Platform platform;
  final Account leader;
  final Account member;
  final Account author;
  final Account stranger;
  final UUID open;
  final UUID started;
  final long assignment;
  final long submission;
  final long memberRequest;
  final long membership;

  MatrixWorld(Platform platform) {
    this.platform = platform;
    Studies studies = platform.studies;
    this.leader = platform.matrix.leader();
    this.member = platform.matrix.members().get(0);
    this.author = platform.matrix.members().get(1);
    this.stranger = Account.signUp(platform.api, "stranger");
    this.started = platform.matrix.study();
    this.open = studies.create(leader, "matrix open", 10);
    this.memberRequest = studies.requestToJoin(member, open, leader);
    studies.approve(leader, open, memberRequest);
    this.membership = studies.membershipOf(member, open, leader);
    studies.join(author, open, leader);
    this.assignment = studies.postAssignment(leader, started, "matrix assignment");
    this.submission = studies.submit(author, started, assignment, "matrix submission");
  }

  /** The caller as {@code role}: the header value after {@code Bearer}, or null for nobody. */
  String token(Matrix.Role role) {
    return switch (role) {
      case ANONYMOUS -> null;
      case FORGED -> forged(member.token(), leader);
      case STRANGER -> stranger.token();
      case MEMBER -> member.token();
      case AUTHOR -> author.token();
      case LEADER -> leader.token();
    };
  }

  /**
   * The member's real token with its claims rewritten to name the leader, signature kept: what an
   * attacker who edits a token gets (the signature no longer matches).
   */
  static String forged(String token, Account victim) {
    String[] parts = token.split("\\.");
    var decoder = Base64.getUrlDecoder();
    String claims = new String(decoder.decode(parts[1]), StandardCharsets.UTF_8);
    String rewritten =
        claims
            .replaceAll(
                "\"user_uuid\"\\s*:\\s*\"[^\"]*\"", "\"user_uuid\":\"" + victim.uuid() + "\"")
            .replaceAll("\"sub\"\\s*:\\s*\"[^\"]*\"", "\"sub\":\"" + victim.uuid() + "\"");
    var encoder = Base64.getUrlEncoder().withoutPadding();
    return parts[0]
        + "."
        + encoder.encodeToString(rewritten.getBytes(StandardCharsets.UTF_8))
        + "."
        + parts[2];
  }

  /** The placeholders every row may use, pointing at the shared objects. */
  Map<String, String> shared() {
    Map<String, String> values = new HashMap<>();
    values.put("open", open.toString());
    values.put("started", started.toString());
    values.put("assignment", Long.toString(assignment));
    values.put("submission", Long.toString(submission));
    values.put("request", Long.toString(memberRequest));
    values.put("member", Long.toString(membership));
    values.put("user", leader.uuid().toString());
    return values;
  }

  /** A pending join request in the open study, from someone new. */
  Map<String, String> freshRequest() {
    Account applicant = Account.signUp(platform.api, "applicant");
    return with("request", platform.studies.requestToJoin(applicant, open, leader));
  }

  /** A membership of the open study, of someone new. */
  Map<String, String> freshMember() {
    Account joiner = Account.signUp(platform.api, "joiner");
    return with("member", platform.studies.join(joiner, open, leader));
  }

  /** An assignment of the started study. */
  Map<String, String> freshAssignment() {
    return with(
        "assignment",
        platform.studies.postAssignment(leader, started, "doomed " + SERIAL.incrementAndGet()));
  }

  /** A submission of the author to a new assignment of the started study. */
  Map<String, String> freshSubmission() {
    Map<String, String> values = freshAssignment();
    long assignment = Long.parseLong(values.get("assignment"));
    values.put(
        "submission",
        Long.toString(platform.studies.submit(author, started, assignment, "doomed work")));
    return values;
  }

  private Map<String, String> with(String placeholder, long value) {
    Map<String, String> values = shared();
    values.put(placeholder, Long.toString(value));
    return values;
  }
}

package io.crescendo.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;

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

  /** The {@code Authorization} header of {@code role}, or null for none. */
  String authorization(Matrix.Role role) {
    return switch (role) {
      case ANONYMOUS -> null;
      case OTHER_SCHEME ->
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((member.email() + ":" + Account.PASSWORD).getBytes(UTF_8));
      case FORGED -> "Bearer " + forged(member.token(), leader);
      case EXPIRED -> "Bearer " + platform.expiredToken;
      case ALG_NONE -> "Bearer " + algNone(member.token());
      case ALG_CONFUSION -> "Bearer " + algConfusion(member.token());
      case GARBAGE -> "Bearer not-a-jwt";
      case EMPTY_BEARER -> "Bearer ";
      case TWO_VALUES -> "Bearer " + member.token() + " " + member.token();
      case STRANGER -> "Bearer " + stranger.token();
      case MEMBER -> "Bearer " + member.token();
      case AUTHOR -> "Bearer " + author.token();
      case LEADER -> "Bearer " + leader.token();
    };
  }

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  /**
   * The member's real token with its claims rewritten to name the leader, signature kept: what an
   * attacker who edits a token gets (the signature no longer matches).
   */
  static String forged(String token, Account victim) {
    String[] parts = token.split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8);
    String rewritten =
        claims
            .replaceAll(
                "\"user_uuid\"\\s*:\\s*\"[^\"]*\"", "\"user_uuid\":\"" + victim.uuid() + "\"")
            .replaceAll("\"sub\"\\s*:\\s*\"[^\"]*\"", "\"sub\":\"" + victim.uuid() + "\"");
    return parts[0] + "." + URL.encodeToString(rewritten.getBytes(UTF_8)) + "." + parts[2];
  }

  /** The token's claims under {@code {"alg":"none"}}, with an empty signature. */
  static String algNone(String token) {
    String header = URL.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(UTF_8));
    return header + "." + token.split("\\.")[1] + ".";
  }

  /**
   * The token's claims signed with HMAC-SHA256, the gateway's public RSA key (from the JWKS, as
   * X.509 DER) as the secret: the classic algorithm-confusion attack on RS256 verifiers.
   */
  String algConfusion(String token) {
    try {
      var jwks = platform.api.get("/.well-known/jwks.json", null).json();
      JsonNode key = jwks.path("keys").path(0);
      var spec =
          new RSAPublicKeySpec(
              new BigInteger(1, Base64.getUrlDecoder().decode(key.path("n").asString())),
              new BigInteger(1, Base64.getUrlDecoder().decode(key.path("e").asString())));
      byte[] secret = KeyFactory.getInstance("RSA").generatePublic(spec).getEncoded();
      String header =
          URL.encodeToString(
              ("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + key.path("kid").asString() + "\"}")
                  .getBytes(UTF_8));
      String signingInput = header + "." + token.split("\\.")[1];
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return signingInput + "." + URL.encodeToString(mac.doFinal(signingInput.getBytes(UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
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

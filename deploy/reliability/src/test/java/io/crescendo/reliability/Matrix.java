package io.crescendo.reliability;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The authorization matrix of API-v1: every endpoint of §4 with its access rule (§1.3) and its
 * success status, in ONE table ({@link Endpoint}); every expected status of every caller is derived
 * from it by the order of checks of §1.3, for the endpoint as it is and for the variants that §1.1
 * and §1.3 talk about (unknown or malformed study, nested object unknown, malformed or of another
 * study).
 */
final class Matrix {

  private Matrix() {}

  /**
   * Who calls, in the order each row is sent (the one who may change things comes last): nobody,
   * the JWT attack matrix (API-v1 §2.1, §2.3), then the people of the study.
   */
  enum Role {
    ANONYMOUS(Kind.NOBODY),
    /** {@code Authorization: Basic ...}: another scheme is ignored, the caller is anonymous. */
    OTHER_SCHEME(Kind.NOBODY),
    /** A real access token whose claims were edited to name the leader (signature kept). */
    FORGED(Kind.BAD_TOKEN),
    /** A real access token, issued before every clock moved three days on. */
    EXPIRED(Kind.BAD_TOKEN),
    /** The member's claims under {@code "alg": "none"}, without a signature. */
    ALG_NONE(Kind.BAD_TOKEN),
    /** The member's claims signed HS256 with the gateway's public RSA key as the secret. */
    ALG_CONFUSION(Kind.BAD_TOKEN),
    /** Not a JWT at all. */
    GARBAGE(Kind.BAD_TOKEN),
    /** {@code Bearer} and nothing else. */
    EMPTY_BEARER(Kind.BAD_HEADER),
    /** {@code Bearer a b}: more than one value. */
    TWO_VALUES(Kind.BAD_HEADER),
    STRANGER(Kind.USER),
    MEMBER(Kind.USER),
    AUTHOR(Kind.USER),
    LEADER(Kind.USER);

    final Kind kind;

    Role(Kind kind) {
      this.kind = kind;
    }

    /** Refused first, wherever it is sent but on the auth endpoints (§1.3 step 1, §2.2). */
    boolean refused() {
      return kind == Kind.BAD_TOKEN || kind == Kind.BAD_HEADER;
    }
  }

  enum Kind {
    NOBODY,
    /** A bearer token that is not a valid access token: 401 with the body of §2.3. */
    BAD_TOKEN,
    /** {@code Bearer} with zero or several values: 401 (§2.1). */
    BAD_HEADER,
    USER
  }

  /** Who may call an endpoint (§1.3, §4). */
  enum Access {
    /** The five auth endpoints: public, and they ignore the Authorization header (§2.2). */
    AUTH(EnumSet.allOf(Role.class)),
    PUBLIC(
        EnumSet.of(
            Role.ANONYMOUS,
            Role.OTHER_SCHEME,
            Role.STRANGER,
            Role.MEMBER,
            Role.AUTHOR,
            Role.LEADER)),
    AUTHENTICATED(EnumSet.of(Role.STRANGER, Role.MEMBER, Role.AUTHOR, Role.LEADER)),
    MEMBER(EnumSet.of(Role.MEMBER, Role.AUTHOR, Role.LEADER)),
    LEADER(EnumSet.of(Role.LEADER)),
    AUTHOR(EnumSet.of(Role.AUTHOR)),
    AUTHOR_OR_LEADER(EnumSet.of(Role.AUTHOR, Role.LEADER));

    final Set<Role> allowed;

    Access(Set<Role> allowed) {
      this.allowed = allowed;
    }

    /**
     * The role checked before the nested object is looked up: the author is known only once the
     * submission is found, so the author rules first ask for a member (§1.3 steps 4 and 5).
     */
    Access beforeLookup() {
      return this == AUTHOR || this == AUTHOR_OR_LEADER ? MEMBER : this;
    }
  }

  /** Which objects a row's path points at. */
  enum Target {
    /** The world's shared objects: the row does not use them up. */
    SHARED(MatrixWorld::shared, false),
    /** A new pending join request for the row (the leader's call, last, decides it). */
    NEW_REQUEST(MatrixWorld::freshRequest, false),
    /** A new membership for the row (the leader's call, last, removes it). */
    NEW_MEMBER(MatrixWorld::freshMember, false),
    /** A new assignment for the row (the leader's call, last, deletes it). */
    NEW_ASSIGNMENT(MatrixWorld::freshAssignment, false),
    /** A new submission for every call (the author and the leader may each delete it). */
    NEW_SUBMISSION_PER_CALL(MatrixWorld::freshSubmission, true);

    final Function<MatrixWorld, Map<String, String>> make;
    final boolean perCall;

    Target(Function<MatrixWorld, Map<String, String>> make, boolean perCall) {
      this.make = make;
      this.perCall = perCall;
    }
  }

  /** What a row sends. */
  enum Body {
    NONE,
    EMPTY_JSON,
    SIGN_UP,
    LOGIN,
    USERNAME,
    STUDY_FORM,
    STUDY_TITLE_FORM,
    JOIN_MESSAGE,
    TEXT,
    TITLE_ONLY
  }

  private static final String S = "/api/v1/studygroup/studies/{open}/";
  private static final String A = "/api/v1/studygroup/studies/{started}/assignments/{assignment}/";

  /**
   * THE table: API-v1 §4, one row per endpoint, in the order the rows are sent (rows that use up
   * what others need come last: deleting the study, then the accounts).
   */
  enum Endpoint {
    GOOGLE_LOGIN("5.1.1", "POST", "/api/v1/auth/login/google/", Access.AUTH, 400, Body.EMPTY_JSON),
    REFRESH("5.1.2", "POST", "/api/v1/auth/login/refresh/", Access.AUTH, 400, Body.EMPTY_JSON),
    LOGOUT("5.1.3", "POST", "/api/v1/auth/logout/", Access.AUTH, 400, Body.EMPTY_JSON),
    SIGN_UP("9.1", "POST", "/api/v1/auth/signup/", Access.AUTH, 201, Body.SIGN_UP),
    LOGIN("9.2", "POST", "/api/v1/auth/login/", Access.AUTH, 200, Body.LOGIN),
    ME("5.2.1", "GET", "/api/v1/auth/profiles/me/", Access.AUTHENTICATED, 200, Body.NONE),
    RENAME("5.2.2", "PUT", "/api/v1/auth/profiles/me/", Access.AUTHENTICATED, 200, Body.USERNAME),
    MY_STUDIES(
        "5.2.4",
        "GET",
        "/api/v1/auth/profiles/me/studies/?filter=current",
        Access.AUTHENTICATED,
        200,
        Body.NONE),
    PROFILE("5.2.5", "GET", "/api/v1/auth/profiles/{user}/", Access.PUBLIC, 200, Body.NONE),
    STUDY_LIST("5.3.1", "GET", "/api/v1/studygroup/studies/", Access.PUBLIC, 200, Body.NONE),
    STUDY_CREATE(
        "5.3.2", "POST", "/api/v1/studygroup/studies/", Access.AUTHENTICATED, 201, Body.STUDY_FORM),
    STUDY_DETAIL("5.3.3", "GET", S, Access.PUBLIC, 200, Body.NONE),
    STUDY_PUT("5.3.4", "PUT", S, Access.LEADER, 200, Body.STUDY_FORM),
    STUDY_PATCH("5.3.5", "PATCH", S, Access.LEADER, 200, Body.STUDY_TITLE_FORM),
    CATEGORIES("5.4.1", "GET", "/api/v1/studygroup/categories/", Access.PUBLIC, 200, Body.NONE),
    TAGS("5.4.2", "GET", "/api/v1/studygroup/tags/", Access.PUBLIC, 200, Body.NONE),
    MEMBERS("5.5.1", "GET", S + "members/", Access.MEMBER, 200, Body.NONE),
    REQUESTS("5.6.1", "GET", S + "requests/", Access.LEADER, 200, Body.NONE),
    /** Members (the leader too) may not ask again: 400 {@code non_field_errors}. */
    JOIN(
        "5.6.2",
        "POST",
        S + "requests/",
        Access.AUTHENTICATED,
        201,
        Body.JOIN_MESSAGE,
        Target.SHARED,
        Map.of(Role.MEMBER, 400, Role.AUTHOR, 400, Role.LEADER, 400)),
    APPROVE(
        "5.6.3",
        "POST",
        S + "requests/{request}/",
        Access.LEADER,
        201,
        Body.NONE,
        Target.NEW_REQUEST,
        Map.of()),
    REJECT(
        "5.6.4",
        "DELETE",
        S + "requests/{request}/",
        Access.LEADER,
        204,
        Body.NONE,
        Target.NEW_REQUEST,
        Map.of()),
    KICK(
        "5.5.2",
        "DELETE",
        S + "members/{member}/",
        Access.LEADER,
        204,
        Body.NONE,
        Target.NEW_MEMBER,
        Map.of()),
    ASSIGNMENT_LIST(
        "5.7.1",
        "GET",
        "/api/v1/studygroup/studies/{started}/assignments/",
        Access.PUBLIC,
        200,
        Body.NONE),
    ASSIGNMENT_CREATE(
        "5.7.2",
        "POST",
        "/api/v1/studygroup/studies/{started}/assignments/",
        Access.LEADER,
        201,
        Body.TEXT),
    ASSIGNMENT_DETAIL("5.7.3", "GET", A, Access.MEMBER, 200, Body.NONE),
    ASSIGNMENT_PUT("5.7.4", "PUT", A, Access.LEADER, 200, Body.TEXT),
    ASSIGNMENT_PATCH("5.7.5", "PATCH", A, Access.LEADER, 200, Body.TITLE_ONLY),
    SUBMISSION_LIST("5.8.1", "GET", A + "submissions/", Access.MEMBER, 200, Body.NONE),
    /** The author has submitted already: 400 {@code non_field_errors}. */
    SUBMIT(
        "5.8.2",
        "POST",
        A + "submissions/",
        Access.MEMBER,
        201,
        Body.TEXT,
        Target.SHARED,
        Map.of(Role.AUTHOR, 400)),
    SUBMISSION_DETAIL(
        "5.8.3", "GET", A + "submissions/{submission}/", Access.MEMBER, 200, Body.NONE),
    SUBMISSION_PUT("5.8.4", "PUT", A + "submissions/{submission}/", Access.AUTHOR, 200, Body.TEXT),
    SUBMISSION_PATCH(
        "5.8.5", "PATCH", A + "submissions/{submission}/", Access.AUTHOR, 200, Body.TITLE_ONLY),
    SUBMISSION_DELETE(
        "5.8.6",
        "DELETE",
        A + "submissions/{submission}/",
        Access.AUTHOR_OR_LEADER,
        204,
        Body.NONE,
        Target.NEW_SUBMISSION_PER_CALL,
        Map.of()),
    ASSIGNMENT_DELETE(
        "5.7.6", "DELETE", A, Access.LEADER, 204, Body.NONE, Target.NEW_ASSIGNMENT, Map.of()),
    STUDY_DELETE("5.3.6", "DELETE", S, Access.LEADER, 204, Body.NONE),
    /**
     * §5.2.2: PATCH on this path → 405 for a signed-in caller. Nobody (no or another scheme) gets
     * 401 first, as in the original, whose permission check ran before the method lookup (§1.3 step
     * 3); a bad token is refused first anyway.
     */
    RENAME_PATCH("5.2.2", "PATCH", "/api/v1/auth/profiles/me/", Access.AUTH, 405, Body.USERNAME) {
      @Override
      int expected(Role role) {
        return role.kind == Kind.USER ? 405 : 401;
      }
    },
    DELETE_ACCOUNT(
        "5.2.3", "DELETE", "/api/v1/auth/profiles/me/", Access.AUTHENTICATED, 204, Body.NONE);

    final String section;
    final String method;
    final String template;
    final Access access;
    final int success;
    final Body body;
    final Target target;
    final Map<Role, Integer> otherwise;

    Endpoint(
        String section, String method, String template, Access access, int success, Body body) {
      this(section, method, template, access, success, body, Target.SHARED, Map.of());
    }

    Endpoint(
        String section,
        String method,
        String template,
        Access access,
        int success,
        Body body,
        Target target,
        Map<Role, Integer> otherwise) {
      this.section = section;
      this.method = method;
      this.template = template;
      this.access = access;
      this.success = success;
      this.body = body;
      this.target = target;
      this.otherwise = otherwise;
    }

    /** §1.3: a bad token first (except §2.2), then no token, then the role; else the answer. */
    int expected(Role role) {
      if (access == Access.AUTH) {
        return success;
      }
      if (role.refused()) {
        return 401;
      }
      if (!access.allowed.contains(role)) {
        return role.kind == Kind.NOBODY ? 401 : 403;
      }
      return otherwise.getOrDefault(role, success);
    }

    boolean hasStudy() {
      return template.contains("{open}") || template.contains("{started}");
    }

    /** The last nested id of the path ({@code {request}}, {@code {member}}, ...), if any. */
    String nested() {
      String last = null;
      for (String placeholder : List.of("{request}", "{member}", "{assignment}", "{submission}")) {
        int at = template.lastIndexOf(placeholder);
        if (at >= 0 && (last == null || at > template.lastIndexOf(last))) {
          last = placeholder;
        }
      }
      return last;
    }
  }

  /** How a row's path is bent. */
  enum Variant {
    AS_IS,
    /** §1.3 step 2: an unknown study is 404 for everyone, before any role check. */
    UNKNOWN_STUDY,
    /** §1.1: {@code studies/undefined/} (the frontend asks for it) is 404 too. */
    MALFORMED_STUDY,
    /** §1.3 step 5: a nested object that does not exist, after the role check. */
    UNKNOWN_NESTED,
    /** §1.1: a nested id that is not a positive integer, same as unknown. */
    MALFORMED_NESTED,
    /** §8 #3: the assignment exists, but in another study (the open one, where all are members). */
    FOREIGN_NESTED
  }

  /** One row of the matrix as sent: an endpoint, bent by a variant. */
  record Case(Endpoint endpoint, Variant variant) {

    String name() {
      return endpoint.section
          + " "
          + endpoint.method
          + " "
          + endpoint.template
          + (variant == Variant.AS_IS ? "" : " [" + variant.name().toLowerCase() + "]");
    }

    int expected(Role role) {
      return switch (variant) {
        case AS_IS -> endpoint.expected(role);
        case UNKNOWN_STUDY, MALFORMED_STUDY -> role.refused() ? 401 : 404;
        case UNKNOWN_NESTED, MALFORMED_NESTED, FOREIGN_NESTED -> {
          if (role.kind != Kind.USER) {
            yield 401;
          }
          yield endpoint.access.beforeLookup().allowed.contains(role) ? 404 : 403;
        }
      };
    }

    /** Whether this case uses up its target and so needs one of its own. */
    Target target() {
      return variant == Variant.AS_IS ? endpoint.target : Target.SHARED;
    }

    /** The path with the placeholders filled (and bent). */
    String path(Map<String, String> values) {
      String path = endpoint.template;
      switch (variant) {
        case AS_IS -> {}
        case UNKNOWN_STUDY ->
            path =
                path.replace("{open}", UUID.randomUUID().toString())
                    .replace("{started}", UUID.randomUUID().toString())
                    .replace("{user}", UUID.randomUUID().toString());
        case MALFORMED_STUDY ->
            path =
                path.replace("{open}", "undefined")
                    .replace("{started}", "undefined")
                    .replace("{user}", "undefined");
        case UNKNOWN_NESTED -> path = replaceLast(path, endpoint.nested(), "987654321");
        case MALFORMED_NESTED -> path = replaceLast(path, endpoint.nested(), "undefined");
        case FOREIGN_NESTED -> path = path.replace("{started}", "{open}");
      }
      for (var value : values.entrySet()) {
        path = path.replace("{" + value.getKey() + "}", value.getValue());
      }
      return path;
    }

    private static String replaceLast(String path, String placeholder, String value) {
      int at = path.lastIndexOf(placeholder);
      return path.substring(0, at) + value + path.substring(at + placeholder.length());
    }
  }

  /**
   * Every case, bent variants first (they change nothing), then the endpoints as they are, in the
   * table's order.
   */
  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (Endpoint endpoint : Endpoint.values()) {
      if (endpoint.hasStudy() || endpoint.template.contains("{user}")) {
        cases.add(new Case(endpoint, Variant.UNKNOWN_STUDY));
        cases.add(new Case(endpoint, Variant.MALFORMED_STUDY));
      }
      if (endpoint.nested() != null) {
        cases.add(new Case(endpoint, Variant.UNKNOWN_NESTED));
        cases.add(new Case(endpoint, Variant.MALFORMED_NESTED));
      }
      if (endpoint.template.contains("{started}") && endpoint.template.contains("{assignment}")) {
        cases.add(new Case(endpoint, Variant.FOREIGN_NESTED));
      }
    }
    for (Endpoint endpoint : Endpoint.values()) {
      cases.add(new Case(endpoint, Variant.AS_IS));
    }
    return cases;
  }
}

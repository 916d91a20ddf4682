package io.crescendo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.reliability.Matrix.Case;
import io.crescendo.reliability.Matrix.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * API-v1 §1.3 and §4 end to end: every endpoint × {anonymous, forged token, stranger, member,
 * author, leader} through the gateway of the launched stack, each answer's status exactly the one
 * {@link Matrix} derives from its table, and error bodies of the shape of §1.4 and §2.3.
 */
class AuthorizationMatrixIT {

  /** Cells checked, by expected status; and cells whose answer differed. */
  private static final Map<Integer, AtomicInteger> PASSED = new TreeMap<>();

  private static final List<String> FAILED = new ArrayList<>();

  private static MatrixWorld world;

  @TestFactory
  Stream<DynamicNode> everyEndpointForEveryCaller() {
    return Matrix.cases().stream()
        .map(
            testCase -> {
              var row = new RowTargets(testCase);
              List<DynamicTest> calls = new ArrayList<>();
              for (Role role : Role.values()) {
                int expected = testCase.expected(role);
                calls.add(
                    DynamicTest.dynamicTest(
                        role + " -> " + expected, () -> call(testCase, row, role, expected)));
              }
              return DynamicContainer.dynamicContainer(testCase.name(), calls.stream());
            });
  }

  /** The targets of one row: made when its first call is sent, per call where they are used up. */
  private static final class RowTargets {
    private final Case testCase;
    private Map<String, String> values;

    RowTargets(Case testCase) {
      this.testCase = testCase;
    }

    Map<String, String> next() {
      if (values == null || testCase.target().perCall) {
        values = testCase.target().make.apply(world());
      }
      return values;
    }
  }

  private static synchronized MatrixWorld world() {
    if (world == null) {
      world = new MatrixWorld(Platform.shared());
    }
    return world;
  }

  private static void call(Case testCase, RowTargets row, Role role, int expected) {
    MatrixWorld world = world();
    String path = testCase.path(row.next());
    String token = world.authorization(role);
    // The auth endpoints are rate-limited per address: each of their calls from an address of its
    // own.
    Api api =
        testCase.endpoint().access == Matrix.Access.AUTH
            ? world.platform.api.fromOwnAddress()
            : world.platform.api;
    String method = testCase.endpoint().method;
    Api.Response answer =
        switch (testCase.endpoint().body) {
          case NONE -> api.jsonAuthorized(method, path, null, token);
          case EMPTY_JSON -> api.jsonAuthorized(method, path, Map.of(), token);
          case SIGN_UP ->
              api.jsonAuthorized(
                  method,
                  path,
                  Map.of(
                      "email",
                      "matrix-" + UUID.randomUUID() + "@example.com",
                      "password",
                      Account.PASSWORD),
                  token);
          case LOGIN ->
              api.jsonAuthorized(
                  method,
                  path,
                  Map.of("email", world.stranger.email(), "password", Account.PASSWORD),
                  token);
          case USERNAME -> api.jsonAuthorized(method, path, Map.of("username", "matrix"), token);
          case STUDY_FORM ->
              api.formAuthorized(
                  method, path, world.platform.studies.form("matrix open", 10), token);
          case STUDY_TITLE_FORM ->
              api.formAuthorized(
                  method, path, new Api.Form().field("post_title", "matrix open"), token);
          case JOIN_MESSAGE ->
              api.jsonAuthorized(method, path, Map.of("request_message", "hello"), token);
          case TEXT ->
              api.jsonAuthorized(
                  method, path, Map.of("title", "matrix text", "content", "<p>matrix</p>"), token);
          case TITLE_ONLY ->
              api.jsonAuthorized(method, path, Map.of("title", "matrix title"), token);
        };
    try {
      check(answer, expected, role);
      synchronized (PASSED) {
        PASSED.computeIfAbsent(expected, status -> new AtomicInteger()).incrementAndGet();
      }
    } catch (AssertionError e) {
      synchronized (FAILED) {
        FAILED.add(
            "| "
                + testCase.name()
                + " | "
                + role
                + " | "
                + expected
                + " | "
                + answer.status()
                + " |");
      }
      throw e;
    }
  }

  /** The status, and the body of §1.4 / §2.3 for it. */
  private static void check(Api.Response answer, int expected, Role role) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(expected);
    if (expected == 204) {
      assertThat(answer.body()).as(answer.toString()).isEmpty();
      return;
    }
    JsonNode body = answer.json();
    assertThat(answer.header("Content-Type")).as(answer.toString()).contains("application/json");
    switch (expected) {
      case 401 -> {
        assertThat(body.path("detail").isString()).as(answer.toString()).isTrue();
        if (role.kind == Matrix.Kind.BAD_TOKEN) {
          // §2.3: the frontend refreshes only on this body.
          assertThat(body.path("code").asString())
              .as(answer.toString())
              .isEqualTo("token_not_valid");
          assertThat(body.path("messages").path(0).path("token_type").asString())
              .as(answer.toString())
              .isEqualTo("access");
          assertThat(answer.header("WWW-Authenticate")).as(answer.toString()).startsWith("Bearer");
        }
      }
      case 403, 404, 405 ->
          assertThat(body.path("detail").isString()).as(answer.toString()).isTrue();
      case 400 -> {
        assertThat(body.isObject() && !body.isEmpty()).as(answer.toString()).isTrue();
        body.properties()
            .forEach(
                field -> {
                  if (field.getKey().equals("detail")) {
                    assertThat(field.getValue().isString()).as(answer.toString()).isTrue();
                  } else {
                    assertThat(field.getValue().isArray() && !field.getValue().isEmpty())
                        .as(answer.toString())
                        .isTrue();
                  }
                });
      }
      default -> assertThat(body.isObject() || body.isArray()).as(answer.toString()).isTrue();
    }
  }

  @AfterAll
  static void report() {
    List<String> lines = new ArrayList<>();
    int rows = Matrix.cases().size();
    int cells = rows * Role.values().length;
    lines.add(
        rows
            + " rows ("
            + Matrix.Endpoint.values().length
            + " endpoints and their variants) × "
            + Role.values().length
            + " callers = "
            + cells
            + " calls.");
    lines.add("");
    lines.add("| expected status | calls that got it |");
    lines.add("|---|---|");
    PASSED.forEach((status, count) -> lines.add("| " + status + " | " + count + " |"));
    lines.add("");
    lines.add("Calls answered otherwise: " + FAILED.size());
    if (!FAILED.isEmpty()) {
      lines.add("");
      lines.add("| row | caller | expected | got |");
      lines.add("|---|---|---|---|");
      lines.addAll(FAILED);
    }
    Report.section("Authorization matrix", lines);
  }
}

package io.crescendo.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;

/**
 * Hostile values for bodies and queries, drawn from a seeded {@link Random} so that a failing run
 * can be replayed ({@code -Dreliability.seed=...}): wrong types, huge strings, unicode edge cases
 * (lone surrogates and invalid UTF-8 as raw bytes too), deep JSON, broken JSON.
 */
final class Hostile {

  static final long SEED = Long.getLong("reliability.seed", System.nanoTime());

  /** Text that has broken parsers, sanitizers, databases and log lines elsewhere. */
  static final List<String> STRINGS =
      List.of(
          "",
          " ",
          "\u0000",
          "a\u0000b",
          "\u202Eevil\u202C",
          "\u200B\u200C\u200D\uFEFF",
          "e\u0301".repeat(500),
          "👩‍👩‍👧‍👦🏳️‍🌈",
          "스터디 모집 ✓",
          "<script>alert(1)</script><img src=x onerror=alert(1)>",
          "'; drop table users; --",
          "%00%2e%2e%2f",
          "${jndi:ldap://127.0.0.1/x}",
          "line\r\nX-Injected: yes",
          "../../../../etc/passwd",
          "\\u0000",
          "𝕳𝖊𝖑𝖑𝖔",
          "NaN",
          "-1",
          "9".repeat(400),
          "2024-02-30",
          "x".repeat(70_000));

  /** Raw byte sequences that are not valid UTF-8 (or encode a lone surrogate). */
  private static final List<byte[]> BAD_UTF8 =
      List.of(
          new byte[] {(byte) 0xC3, 0x28},
          new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          new byte[] {(byte) 0xC0, (byte) 0xAF},
          new byte[] {(byte) 0xFF, (byte) 0xFE},
          new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});

  private final Random random;

  Hostile(long seed) {
    this.random = new Random(seed);
  }

  /** A JSON body for an endpoint whose fields are {@code fields}: mostly objects, some not. */
  byte[] body(List<String> fields) {
    return switch (random.nextInt(10)) {
      case 0 -> deep(1 + random.nextInt(3) * 5_000);
      case 1 -> broken();
      case 2 -> json(value(2)).getBytes(UTF_8);
      case 3 -> objectWithBadBytes(fields);
      default -> object(fields);
    };
  }

  private byte[] object(List<String> fields) {
    StringBuilder json = new StringBuilder("{");
    boolean first = true;
    for (String field : fields) {
      if (random.nextInt(5) == 0) {
        continue; // missing
      }
      if (!first) {
        json.append(',');
      }
      first = false;
      json.append(json(field)).append(':').append(json(value(3)));
    }
    if (random.nextBoolean()) {
      json.append(first ? "" : ",").append("\"__proto__\":{\"admin\":true}");
    }
    return json.append('}').toString().getBytes(UTF_8);
  }

  private byte[] objectWithBadBytes(List<String> fields) {
    var out = new ByteArrayOutputStream();
    out.writeBytes("{".getBytes(UTF_8));
    for (int i = 0; i < fields.size(); i++) {
      out.writeBytes(((i > 0 ? "," : "") + json(fields.get(i)) + ":\"ok").getBytes(UTF_8));
      out.writeBytes(BAD_UTF8.get(random.nextInt(BAD_UTF8.size())));
      out.writeBytes("\"".getBytes(UTF_8));
    }
    out.writeBytes("}".getBytes(UTF_8));
    return out.toByteArray();
  }

  /** Arrays nested {@code depth} deep. */
  static byte[] deep(int depth) {
    return ("[".repeat(depth) + "]".repeat(depth)).getBytes(UTF_8);
  }

  private byte[] broken() {
    List<String> texts =
        List.of(
            "{",
            "{\"title\":",
            "{\"title\":\"x\",}",
            "{'title':'x'}",
            "{\"title\":\"x\"}{\"title\":\"y\"}",
            "nul",
            "{\"title\":\"\\uZZZZ\"}",
            "\u0000",
            "{\"a\":1e999999}");
    return texts.get(random.nextInt(texts.size())).getBytes(UTF_8);
  }

  /** A value of any JSON type, strings from {@link #STRINGS}. */
  Object value(int depth) {
    int kind = random.nextInt(depth > 0 ? 12 : 9);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> random.nextInt();
      case 3 -> List.of(Long.MAX_VALUE, Long.MIN_VALUE, 0, -1).get(random.nextInt(4));
      case 4 -> List.of(1e308, -0.0, 2.5, 1e-320).get(random.nextInt(4));
      case 5, 6, 7, 8 -> STRINGS.get(random.nextInt(STRINGS.size()));
      case 9 -> java.util.Arrays.asList(value(depth - 1), value(depth - 1)); // nulls too
      default -> java.util.Map.of("nested", String.valueOf(value(depth - 1)));
    };
  }

  /** A query parameter's value. */
  String queryValue() {
    return switch (random.nextInt(4)) {
      case 0 ->
          List.of("-1", "0", "151", "12.5", "1e3", "99999999999999999999").get(random.nextInt(6));
      case 1 -> "%FF%FE%00";
      default -> java.net.URLEncoder.encode(STRINGS.get(random.nextInt(STRINGS.size())), UTF_8);
    };
  }

  static String json(Object value) {
    return Api.JSON.writeValueAsString(value);
  }
}

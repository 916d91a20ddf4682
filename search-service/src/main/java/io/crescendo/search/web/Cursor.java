package io.crescendo.search.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A position in a keyset-paginated list (API-v1 §1.6): the sort key of a row, whether the page goes
 * forwards (after it) or backwards (before it), and the ordering it belongs to; base64url without
 * padding, so only {@code A-Z a-z 0-9 _ -}. Anything that does not decode → 404.
 */
record Cursor(boolean backwards, List<Object> key) {

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,2048}");

  String encode(StudyOrdering ordering) {
    return encode(ordering.signature());
  }

  /** The token, for the order of this signature ({@link Keyset#signature()}). */
  String encode(String signature) {
    List<String> parts = new ArrayList<>();
    parts.add(backwards ? "p" : "n");
    parts.add(signature);
    for (Object value : key) {
      parts.add(
          switch (value) {
            case OffsetDateTime time -> Long.toString(micros(time.toInstant()));
            default -> value.toString();
          });
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor of a request: null for none or empty (the first page), 404 when undecodable. */
  static Cursor decode(String token, StudyOrdering ordering) {
    return ordering.keyset().decode(token);
  }

  /**
   * The cursor of a request for the order of this signature, whose key values have these types
   * ({@code OffsetDateTime}, {@code LocalDate}, {@code UUID}, {@code Long}): null for none or empty
   * (the first page), 404 when it does not decode or was made for another order.
   */
  static Cursor decode(String token, String signature, List<Class<?>> types) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    try {
      if (!TOKEN.matcher(token).matches()) {
        throw new IllegalArgumentException("alphabet");
      }
      String[] parts =
          new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
      if (parts.length != types.size() + 2
          || !(parts[0].equals("n") || parts[0].equals("p"))
          || !parts[1].equals(signature)) {
        throw new IllegalArgumentException("shape");
      }
      List<Object> key = new ArrayList<>();
      for (int i = 0; i < types.size(); i++) {
        key.add(value(types.get(i), parts[i + 2]));
      }
      return new Cursor(parts[0].equals("p"), List.copyOf(key));
    } catch (RuntimeException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Invalid cursor.");
    }
  }

  private static Object value(Class<?> type, String value) {
    if (type == OffsetDateTime.class) {
      return fromMicros(Long.parseLong(value));
    }
    if (type == LocalDate.class) {
      return LocalDate.parse(value);
    }
    if (type == UUID.class) {
      return canonicalUuid(value);
    }
    if (type == Long.class) {
      long id = Long.parseLong(value);
      if (!Long.toString(id).equals(value)) {
        throw new IllegalArgumentException("long");
      }
      return id;
    }
    throw new IllegalArgumentException("type " + type);
  }

  private static UUID canonicalUuid(String value) {
    UUID id = UUID.fromString(value);
    if (!id.toString().equals(value)) {
      throw new IllegalArgumentException("uuid");
    }
    return id;
  }

  static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static OffsetDateTime fromMicros(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }
}

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
    List<String> parts = new ArrayList<>();
    parts.add(backwards ? "p" : "n");
    parts.add(ordering.signature());
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
    if (token == null || token.isEmpty()) {
      return null;
    }
    try {
      if (!TOKEN.matcher(token).matches()) {
        throw new IllegalArgumentException("alphabet");
      }
      String[] parts =
          new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
      List<StudyOrdering.Term> terms = ordering.terms();
      if (parts.length != terms.size() + 2
          || !(parts[0].equals("n") || parts[0].equals("p"))
          || !parts[1].equals(ordering.signature())) {
        throw new IllegalArgumentException("shape");
      }
      List<Object> key = new ArrayList<>();
      for (int i = 0; i < terms.size(); i++) {
        String value = parts[i + 2];
        key.add(
            switch (terms.get(i).column()) {
              case "created_at" -> fromMicros(Long.parseLong(value));
              case "deadline" -> LocalDate.parse(value);
              default -> canonicalUuid(value);
            });
      }
      return new Cursor(parts[0].equals("p"), List.copyOf(key));
    } catch (RuntimeException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Invalid cursor.");
    }
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

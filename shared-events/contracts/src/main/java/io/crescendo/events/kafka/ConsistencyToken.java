package io.crescendo.events.kafka;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a write stored, as positions in the public topics: read-your-writes across the CQRS split
 * (ARCHITECTURE.md). A write service answers with it in {@link #HEADER}; the gateway holds the
 * answer until the read side reports every position applied.
 *
 * <p>Text form: {@code <topic>;<subject>;<sequence>} per position, separated by {@code ,}; the
 * subject is URL-encoded. Only the last sequence per topic and subject is kept: a read model that
 * applied it applied the earlier ones too.
 */
public record ConsistencyToken(List<Position> positions) {

  /** Response header of the write services; internal, the gateway removes it. */
  public static final String HEADER = "Crescendo-Consistency-Token";

  /** Longer texts are refused by {@link #parse}: a write stores a handful of events, not more. */
  private static final int MAX_TEXT = 8_192;

  /** The event {@code sequence} of aggregate {@code subject}, published on {@code topic}. */
  public record Position(String topic, String subject, long sequence) {
    public Position {
      requireText(topic, "topic");
      requireText(subject, "subject");
      if (sequence < 0) {
        throw new IllegalArgumentException("sequence must not be negative: " + sequence);
      }
    }
  }

  public ConsistencyToken {
    Map<List<String>, Position> last = new LinkedHashMap<>();
    for (Position position : positions) {
      last.merge(
          List.of(position.topic(), position.subject()),
          position,
          (a, b) -> a.sequence() >= b.sequence() ? a : b);
    }
    positions = List.copyOf(last.values());
  }

  public static ConsistencyToken of(Collection<Position> positions) {
    return new ConsistencyToken(List.copyOf(positions));
  }

  public boolean isEmpty() {
    return positions.isEmpty();
  }

  /** The header value. */
  public String format() {
    return positions.stream()
        .map(
            p ->
                p.topic()
                    + ';'
                    + URLEncoder.encode(p.subject(), StandardCharsets.UTF_8)
                    + ';'
                    + p.sequence())
        .collect(Collectors.joining(","));
  }

  /**
   * Reads a header value.
   *
   * @throws IllegalArgumentException if it is not a token
   */
  public static ConsistencyToken parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException("Consistency token longer than " + MAX_TEXT);
    }
    List<Position> positions = new ArrayList<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] fields = part.strip().split(";", -1);
      if (fields.length != 3) {
        throw new IllegalArgumentException("Not a position: " + part);
      }
      try {
        positions.add(
            new Position(
                fields[0],
                URLDecoder.decode(fields[1], StandardCharsets.UTF_8),
                Long.parseLong(fields[2])));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Not a position: " + part, e);
      }
    }
    return new ConsistencyToken(positions);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}

package io.crescendo.search.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.web.server.ResponseStatusException;

class CursorTest {

  @Test
  void roundTripsInTheUrlSafeAlphabet() {
    StudyOrdering ordering = StudyOrdering.parse("-deadline,created_at,title", null);
    assertThat(ordering.signature()).isEqualTo("-deadline,created_at,study_id");
    for (int i = 0; i < 200; i++) {
      List<Object> key =
          List.of(
              LocalDate.of(2024, 1, 1).plusDays(i),
              Instant.now()
                  .truncatedTo(ChronoUnit.MICROS)
                  .minusNanos(i * 1_001_000L)
                  .atOffset(ZoneOffset.UTC),
              UUID.randomUUID());
      Cursor cursor = new Cursor(i % 2 == 0, key);
      String token = cursor.encode(ordering);
      assertThat(token).matches("[A-Za-z0-9_-]+");
      Cursor decoded = Cursor.decode(token, ordering);
      assertThat(decoded.backwards()).isEqualTo(cursor.backwards());
      assertThat(decoded.key().get(0)).isEqualTo(key.get(0));
      assertThat(decoded.key().get(1)).isEqualTo(key.get(1));
      assertThat(decoded.key().get(2)).isEqualTo(key.get(2));
    }
  }

  @Test
  void emptyIsTheFirstPageAndGarbageIsNotFound() {
    StudyOrdering ordering = StudyOrdering.parse(null, null);
    assertThat(Cursor.decode("", ordering)).isNull();
    assertThat(Cursor.decode(null, ordering)).isNull();
    String other =
        new Cursor(false, List.of(LocalDate.now(), UUID.randomUUID()))
            .encode(StudyOrdering.parse("deadline", null));
    for (String bad : List.of("x", "!!", "a+b/", "cD0yMDI0", other)) {
      assertThatThrownBy(() -> Cursor.decode(bad, ordering))
          .isInstanceOf(ResponseStatusException.class)
          .hasMessageContaining("404");
    }
  }

  @Test
  void orderingFollowsTheContract() {
    assertThat(StudyOrdering.parse("", null).signature()).isEqualTo("-created_at,study_id");
    assertThat(StudyOrdering.parse("bogus", null).signature()).isEqualTo("-created_at,study_id");
    assertThat(StudyOrdering.parse("created_at", null).signature())
        .isEqualTo("created_at,study_id");
    assertThat(StudyOrdering.parse("deadline,-deadline", null).signature())
        .isEqualTo("deadline,study_id");
    assertThat(StudyOrdering.parse("random", null).random()).isTrue();
    assertThat(StudyOrdering.parse(null, "TRUE").random()).isTrue();
    assertThat(StudyOrdering.parse(null, "false").random()).isFalse();
    assertThat(StudyOrdering.parse("-created_at", null).keyCondition(false))
        .isEqualTo("((s.created_at < :k0) or (s.created_at = :k0 and s.study_id > :k1))");
  }
}

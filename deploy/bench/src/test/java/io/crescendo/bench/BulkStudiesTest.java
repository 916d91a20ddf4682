package io.crescendo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkStudiesTest {

  private final BulkStudies bulk =
      new BulkStudies("jdbc:postgresql://x/search", "u", "p", LocalDate.of(2026, 3, 1));

  @Test
  void loadsAContiguousRangeOfStudiesWithTheirLeaders() {
    String sql = bulk.insertSql(10_001, 1_000_000);
    assertThat(sql)
        .contains("insert into search_study")
        .contains("from generate_series(10001, 1000000) i")
        .contains("md5('bench-study' || i)::uuid")
        .contains("md5('bench-leader' || (i % 100000))::uuid")
        .contains("date '2026-03-01'")
        .contains("on conflict do nothing")
        .doesNotContain("%%");
    assertThat(BulkStudies.leadersSql()).contains("generate_series(0, 99999)");
  }

  @Test
  void theRareKeywordIsInEightTitlesOfAMillionAllInBackend() {
    List<Integer> rare =
        java.util.stream.IntStream.rangeClosed(1, 1_000_000)
            .filter(i -> BulkStudies.title(i).contains("하스켈"))
            .boxed()
            .toList();
    assertThat(rare).hasSize(8).first().isEqualTo(777);
    assertThat(rare).allSatisfy(i -> assertThat(BulkStudies.categories(i)).contains("Backend"));
    assertThat(BulkStudies.title(1)).isEqualTo("Spring 스터디 모집");
    assertThat(BulkStudies.titleSql()).contains("then ' 하스켈'");
  }
}

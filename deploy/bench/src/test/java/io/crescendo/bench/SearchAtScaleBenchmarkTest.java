package io.crescendo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchAtScaleBenchmarkTest {

  @Test
  void theKeywordGoesIntoBothSearchFieldsAndTheCategoryAlongside() {
    SearchAtScaleBenchmark.Query query =
        new SearchAtScaleBenchmark.Query("rare", "하스켈 C++", "Backend");
    assertThat(query.path())
        .isEqualTo(
            "/api/v1/studygroup/studies/?post_title=%ED%95%98%EC%8A%A4%EC%BC%88+C%2B%2B"
                + "&study_name=%ED%95%98%EC%8A%A4%EC%BC%88+C%2B%2B&categories=Backend");
    assertThat(SearchAtScaleBenchmark.QUERIES)
        .extracting(SearchAtScaleBenchmark.Query::keyword)
        .contains("spring", "하스켈", "자바");
  }

  @Test
  void theFigureIsTheWorstP99AtAMillionAgainstTheWorstAtTenThousand() {
    var spring = SearchAtScaleBenchmark.QUERIES.get(0);
    var rare = SearchAtScaleBenchmark.QUERIES.get(1);
    Map<SearchAtScaleBenchmark.Query, Load.Result> small = new LinkedHashMap<>();
    small.put(spring, result(2.0, 0));
    small.put(rare, result(4.0, 0));
    Map<SearchAtScaleBenchmark.Query, Load.Result> large = new LinkedHashMap<>();
    large.put(spring, result(12.0, 0));
    large.put(rare, result(6.0, 0));
    Map<SearchAtScaleBenchmark.Query, Load.Result> gateway = Map.of(spring, result(15.0, 0));

    Figure figure = SearchAtScaleBenchmark.figure(small, large, gateway, 10_000, 1_000_000, 60_000);

    assertThat(figure.measure()).contains("1.0 M studies");
    assertThat(figure.value()).isEqualTo("p99 12.0 ms (worst query)");
    assertThat(figure.reference()).isEqualTo("p99 4.0 ms at 10,000 studies");
    assertThat(figure.ratio()).isEqualTo(3.0);
    assertThat(figure.met()).isTrue();
    assertThat(figure.note())
        .contains("common 'spring': p99 12.0 ms (10 k: 2.0 ms, via gateway 15.0 ms)")
        .contains("rare Korean '하스켈': p99 6.0 ms (10 k: 4.0 ms, via gateway not in quick mode)")
        .contains("0 failed");

    large.put(rare, result(25.0, 0));
    assertThat(SearchAtScaleBenchmark.figure(small, large, gateway, 1, 1_000_000, 1).met())
        .isFalse();
    large.put(rare, result(5.0, 1));
    assertThat(SearchAtScaleBenchmark.figure(small, large, gateway, 1, 1_000_000, 1).met())
        .isFalse();
  }

  @Test
  void scales() {
    assertThat(SearchAtScaleBenchmark.scale(1_001_419)).isEqualTo("1.0 M");
    assertThat(SearchAtScaleBenchmark.scale(250_400)).isEqualTo("250 k");
  }

  private static Load.Result result(double p99, long failed) {
    return new Load.Result(
        100, failed, Duration.ofSeconds(1), new Latencies.Summary(100, 1, 2, p99, p99), Map.of());
  }
}

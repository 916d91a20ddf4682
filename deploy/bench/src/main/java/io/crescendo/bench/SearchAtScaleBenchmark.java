package io.crescendo.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Keyword + category search (API-v1 §5.3.1: the frontend's search box sends the keyword as both
 * {@code post_title} and {@code study_name}, which then match either; {@code categories} must all
 * be present) at a million studies, against the same queries at ten thousand.
 *
 * <p>The read model is bulk-loaded straight into search-service's database ({@link BulkStudies},
 * the generator of search-service's {@code StudySearchPlanTest}): studies 1 … 10 000 with every
 * index maintained, {@code vacuum analyze} (as autovacuum leaves a table: no rows waiting in the
 * GIN indexes' pending lists, which every search would read), the queries measured; then studies up
 * to a million without the secondary indexes, which are built again as their migrations define
 * them, {@code vacuum analyze}, the same queries measured. Each query runs straight at
 * search-service ({@link #CONCURRENCY} concurrent callers, a closed loop) and, at a million,
 * through the gateway too (in the note; full mode only). The figure is the worst p99 of the
 * queries; the note has each.
 *
 * <p>The rows stay (they are well-formed read-model rows, so every later read works), but no event
 * stands behind them: a read-model rebuild afterwards would report them as only live. Hence this
 * benchmark runs last, after {@link RebuildBenchmark}.
 */
final class SearchAtScaleBenchmark implements Benchmark {

  static final int SMALL = 10_000;
  static final int LARGE = 1_000_000;
  static final int CONCURRENCY = 8;
  static final double TARGET_MS = 20;

  /** A keyword (sent as {@code post_title} and {@code study_name}) with a category. */
  record Query(String label, String keyword, String category) {

    String path() {
      String keyword = URLEncoder.encode(this.keyword, StandardCharsets.UTF_8);
      return "/api/v1/studygroup/studies/?post_title=%s&study_name=%s&categories=%s"
          .formatted(keyword, keyword, URLEncoder.encode(category, StandardCharsets.UTF_8));
    }
  }

  static final List<Query> QUERIES =
      List.of(
          new Query("common 'spring'", "spring", "Backend"),
          new Query("rare Korean '하스켈'", "하스켈", "Backend"),
          new Query("2-character Korean '자바'", "자바", "Frontend"),
          new Query("rare 2-character Korean '하스'", "하스", "Backend"));

  @Override
  public String name() {
    return "search-at-scale";
  }

  @Override
  public List<Figure> run(BenchContext context) throws Exception {
    BenchStack stack = context.stack();
    BulkStudies bulk =
        new BulkStudies(
            stack.jdbcUrl("search"), BenchStack.PG_USER, BenchStack.PG_PASSWORD, stack.today());
    PlatformClient direct = context.direct("search-service");
    PlatformClient gateway = context.gateway();
    Duration warmUp = context.duration(Duration.ofSeconds(1), Duration.ofSeconds(5));
    Duration measured = context.duration(Duration.ofSeconds(3), Duration.ofSeconds(15));

    long before = bulk.studies();
    long t0 = System.nanoTime();
    bulk.insert(1, SMALL);
    long smallRows = bulk.studies();
    BenchContext.log(
        "  %,d studies (%,d were there) loaded in %d ms",
        smallRows, before, (System.nanoTime() - t0) / 1_000_000);
    Map<Query, Load.Result> small = measure(direct, warmUp, measured);

    t0 = System.nanoTime();
    List<String> indexes = bulk.bulkInsert(SMALL + 1, LARGE);
    long loadMillis = (System.nanoTime() - t0) / 1_000_000;
    long largeRows = bulk.studies();
    BenchContext.log(
        "  %,d studies after %d ms (insert, %d indexes built again, vacuum analyze)",
        largeRows, loadMillis, indexes.size());
    Map<Query, Load.Result> large = measure(direct, warmUp, measured);
    // Through the gateway only for the note; the quick mode leaves it out to stay near 5 minutes.
    Map<Query, Load.Result> viaGateway =
        context.quick() ? Map.of() : measure(gateway, warmUp, measured);
    return List.of(figure(small, large, viaGateway, smallRows, largeRows, loadMillis));
  }

  private static Map<Query, Load.Result> measure(
      PlatformClient client, Duration warmUp, Duration measured) {
    Map<Query, Load.Result> results = new LinkedHashMap<>();
    for (Query query : QUERIES) {
      Http.Answer first = client.get(query.path(), null).block();
      PlatformClient.expect(first, 200);
      int hits = first.json().get("results").size();
      Load.Result result =
          Load.run(
              CONCURRENCY,
              warmUp,
              measured,
              n -> ReadThroughputBenchmark.status(client.get(query.path(), null)),
              s -> s == 200);
      BenchContext.log("  %s (%d on the first page): %s", query.label(), hits, result);
      results.put(query, result);
    }
    return results;
  }

  static Figure figure(
      Map<Query, Load.Result> small,
      Map<Query, Load.Result> large,
      Map<Query, Load.Result> viaGateway,
      long smallRows,
      long largeRows,
      long loadMillis) {
    double worstLarge = worstP99(large);
    double worstSmall = worstP99(small);
    long failed =
        java.util.stream.Stream.of(small, large, viaGateway)
            .flatMap(m -> m.values().stream())
            .mapToLong(Load.Result::failed)
            .sum();
    List<String> parts = new ArrayList<>();
    for (Query query : large.keySet()) {
      parts.add(
          "%s: p99 %s (10 k: %s, via gateway %s)"
              .formatted(
                  query.label(),
                  p99(large.get(query)),
                  p99(small.get(query)),
                  p99(viaGateway.get(query))));
    }
    return new Figure(
        "keyword + category search at %s studies".formatted(scale(largeRows)),
        "p99 " + Figure.number(worstLarge) + " ms (worst query)",
        "p99 %s ms at %,d studies".formatted(Figure.number(worstSmall), smallRows),
        worstLarge / worstSmall,
        "p99 ≤ 20 ms",
        worstLarge <= TARGET_MS && failed == 0,
        ("%,d studies in search_study (bulk-loaded in %d ms), GET studies?post_title=&study_name="
                + "&categories= straight at search-service, %d concurrent callers per query;"
                + " %s; %d failed")
            .formatted(
                largeRows,
                loadMillis,
                CONCURRENCY,
                parts.stream().collect(Collectors.joining("; ")),
                failed));
  }

  private static String p99(Load.Result result) {
    return result == null ? "not in quick mode" : Figure.number(result.latency().p99()) + " ms";
  }

  static double worstP99(Map<Query, Load.Result> results) {
    return results.values().stream().mapToDouble(r -> r.latency().p99()).max().orElse(Double.NaN);
  }

  /** 1 M, 250 k, 12 k: the scale as the issue names it. */
  static String scale(long rows) {
    if (rows >= 950_000) {
      return Figure.number(rows / 1_000_000.0) + " M";
    }
    return Math.round(rows / 1000.0) + " k";
  }
}

package io.crescendo.bench;

import java.time.Duration;
import java.util.List;

/**
 * GET throughput and latency through the gateway, against the same requests sent straight to
 * search-service: what the edge (routing, token check, circuit breaker, CORS) costs.
 */
final class ReadThroughputBenchmark implements Benchmark {

  static final int CONCURRENCY = 32;
  private static final String LIST = "/api/v1/studygroup/studies/?ordering=created_at";

  @Override
  public String name() {
    return "read-throughput";
  }

  @Override
  public List<Figure> run(BenchContext context) {
    String leader = Fixtures.token(context.gateway(), "reader");
    Fixtures.studies(context, leader, 30, 10);
    PlatformClient gateway = context.gateway();
    PlatformClient direct = context.direct("search-service");
    Duration warmUp = context.duration(Duration.ofSeconds(3), Duration.ofSeconds(15));
    Duration measured = context.duration(Duration.ofSeconds(8), Duration.ofSeconds(30));
    // Alternating rounds so that drift on a shared machine hits both sides alike.
    int rounds = context.size(1, 2);
    Load.Result viaGateway = null;
    Load.Result straight = null;
    for (int round = 0; round < rounds; round++) {
      straight =
          Load.run(
              CONCURRENCY, warmUp, measured, n -> status(direct.get(LIST, null)), s -> s == 200);
      BenchContext.log("  direct  %s", straight);
      viaGateway =
          Load.run(
              CONCURRENCY, warmUp, measured, n -> status(gateway.get(LIST, null)), s -> s == 200);
      BenchContext.log("  gateway %s", viaGateway);
    }
    double ratio = viaGateway.perSecond() / straight.perSecond();
    return List.of(
        new Figure(
            "GET throughput through the gateway",
            Figure.number(viaGateway.perSecond()) + " req/s, " + viaGateway.latency(),
            Figure.number(straight.perSecond())
                + " req/s, "
                + straight.latency()
                + " direct to search-service",
            ratio,
            "≥ 0.7 of direct",
            ratio >= 0.7 && viaGateway.failed() == 0,
            "GET studies list, anonymous, %d concurrent callers, %d s measured after %d s warm-up; %d failed"
                .formatted(
                    CONCURRENCY, measured.toSeconds(), warmUp.toSeconds(), viaGateway.failed())));
  }

  static reactor.core.publisher.Mono<Integer> status(
      reactor.core.publisher.Mono<Http.Answer> answer) {
    return answer.map(Http.Answer::status);
  }
}

package io.crescendo.bench;

import java.time.LocalDate;
import java.util.List;

/**
 * A write through the gateway, which answers only once search-service has applied it
 * (read-your-writes), against the same write sent straight to study-service (no wait).
 */
final class WriteLatencyBenchmark implements Benchmark {

  private static final int CONCURRENCY = 4;

  @Override
  public String name() {
    return "write-latency";
  }

  @Override
  public List<Figure> run(BenchContext context) {
    int samples = context.size(400, 2_000);
    String leader = Fixtures.token(context.gateway(), "writer");
    LocalDate today = context.stack().today();
    PlatformClient gateway = context.gateway();
    PlatformClient direct = context.direct("study-service");
    // warm-up of both paths, not recorded
    Load.times(CONCURRENCY, samples / 10, n -> create(direct, leader, today, n), s -> s == 201);
    Load.times(CONCURRENCY, samples / 10, n -> create(gateway, leader, today, n), s -> s == 201);
    Load.Result straight =
        Load.times(CONCURRENCY, samples, n -> create(direct, leader, today, n), s -> s == 201);
    BenchContext.log("  direct  %s", straight);
    Load.Result waited =
        Load.times(CONCURRENCY, samples, n -> create(gateway, leader, today, n), s -> s == 201);
    BenchContext.log("  gateway %s", waited);
    return List.of(
        new Figure(
            "write latency with the read-your-writes wait",
            waited.latency().toString(),
            straight.latency() + " straight to study-service, no wait",
            waited.latency().p99() / straight.latency().p99(),
            "p99 ≤ 100 ms",
            waited.latency().p99() <= 100 && waited.failed() == 0,
            "create study (JSON), %d concurrent writers; %d failed"
                .formatted(CONCURRENCY, waited.failed())));
  }

  private static reactor.core.publisher.Mono<Integer> create(
      PlatformClient api, String leader, LocalDate today, long n) {
    return api.createStudy(leader, "쓰기 " + n, today, 5).map(Http.Answer::status);
  }
}

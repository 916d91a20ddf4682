package io.crescendo.bench;

import java.time.Duration;
import java.util.List;

/**
 * The share of the gateway's CPU that verifying access tokens takes: the gateway process's CPU time
 * per request with a bearer token, against the same requests without one (then nothing is
 * verified). Measured from outside the process ({@code ProcessHandle} CPU time), so no profiler
 * distorts it. The callers use {@value #USERS} users' tokens in turn, as sessions do; the gateway
 * verifies each token's signature once and then only its claims (service-web's {@code
 * VerifiedTokenCache}, {@code crescendo.security.verified-tokens}).
 */
final class JwtCostBenchmark implements Benchmark {

  private static final String LIST = "/api/v1/studygroup/studies/?ordering=created_at";
  private static final int USERS = 50;

  @Override
  public String name() {
    return "jwt-cost";
  }

  @Override
  public List<Figure> run(BenchContext context) {
    PlatformClient gateway = context.gateway();
    List<String> tokens =
        Fixtures.users(gateway, "verifier", USERS).stream()
            .map(PlatformClient.User::token)
            .toList();
    Duration warmUp = context.duration(Duration.ofSeconds(3), Duration.ofSeconds(10));
    Duration measured = context.duration(Duration.ofSeconds(8), Duration.ofSeconds(30));
    ProcessHandle process = context.stack().serviceProcess("gateway");
    int rounds = context.size(1, 2);
    double anonymous = 0;
    double authenticated = 0;
    for (int round = 0; round < rounds; round++) {
      anonymous += cpuPerRequest(process, warmUp, measured, gateway, List.of());
      authenticated += cpuPerRequest(process, warmUp, measured, gateway, tokens);
    }
    anonymous /= rounds;
    authenticated /= rounds;
    double share = (authenticated - anonymous) / authenticated;
    return List.of(
        new Figure(
            "JWT verification share of gateway CPU",
            "%s %% (%s µs of %s µs per request)"
                .formatted(
                    Figure.number(share * 100),
                    Figure.number(authenticated - anonymous),
                    Figure.number(authenticated)),
            Figure.number(anonymous) + " µs CPU per anonymous request",
            authenticated / anonymous,
            "≤ 5 % of gateway CPU",
            share <= 0.05,
            ("gateway process CPU time per GET with a bearer token (%d users' tokens in turn) vs"
                    + " without, %d concurrent callers")
                .formatted(USERS, ReadThroughputBenchmark.CONCURRENCY)));
  }

  /** Gateway CPU microseconds per request of a closed-loop load. */
  private static double cpuPerRequest(
      ProcessHandle process,
      Duration warmUp,
      Duration measured,
      PlatformClient gateway,
      List<String> tokens) {
    Load.run(
        ReadThroughputBenchmark.CONCURRENCY,
        warmUp,
        Duration.ZERO,
        n -> ReadThroughputBenchmark.status(gateway.get(LIST, bearer(tokens, n))),
        s -> s == 200);
    Duration before = cpu(process);
    Load.Result result =
        Load.run(
            ReadThroughputBenchmark.CONCURRENCY,
            Duration.ZERO,
            measured,
            n -> ReadThroughputBenchmark.status(gateway.get(LIST, bearer(tokens, n))),
            s -> s == 200);
    Duration after = cpu(process);
    if (result.failed() > 0) {
      throw new IllegalStateException("requests failed: " + result);
    }
    BenchContext.log("  %s %s", tokens.isEmpty() ? "anonymous    " : "authenticated", result);
    return (after.minus(before).toNanos() / 1_000.0) / (result.succeeded() + result.failed());
  }

  private static String bearer(List<String> tokens, long n) {
    return tokens.isEmpty() ? null : tokens.get((int) (n % tokens.size()));
  }

  private static Duration cpu(ProcessHandle process) {
    return process
        .info()
        .totalCpuDuration()
        .orElseThrow(() -> new IllegalStateException("no CPU time for " + process.pid()));
  }
}

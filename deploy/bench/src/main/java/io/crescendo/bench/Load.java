package io.crescendo.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A closed-loop load: {@code concurrency} callers, each sending its next request as soon as the
 * previous one answered, first for a warm-up that is not recorded, then for the measured time.
 * Requests are numbered so that a caller can pick distinct data for each.
 */
final class Load {

  private Load() {}

  /**
   * @param request the n-th request; emits the HTTP status (an error signal counts as a failure)
   * @param ok which statuses are a success
   */
  static Result run(
      int concurrency,
      Duration warmUp,
      Duration measured,
      LongFunction<Mono<Integer>> request,
      IntPredicate ok) {
    AtomicLong sequence = new AtomicLong();
    if (!warmUp.isZero()) {
      drive(concurrency, warmUp, request, sequence, null);
    }
    Recording recording = new Recording(ok);
    long t0 = System.nanoTime();
    drive(concurrency, measured, request, sequence, recording);
    return recording.result(Duration.ofNanos(System.nanoTime() - t0));
  }

  /** Exactly {@code count} requests, {@code concurrency} at a time, all recorded. */
  static Result times(
      int concurrency, long count, LongFunction<Mono<Integer>> request, IntPredicate ok) {
    Recording recording = new Recording(ok);
    long t0 = System.nanoTime();
    Flux.range(0, Math.toIntExact(count))
        .flatMap(n -> timed(request, n, recording), concurrency)
        .blockLast();
    return recording.result(Duration.ofNanos(System.nanoTime() - t0));
  }

  private static void drive(
      int concurrency,
      Duration duration,
      LongFunction<Mono<Integer>> request,
      AtomicLong sequence,
      Recording recording) {
    long end = System.nanoTime() + duration.toNanos();
    Flux.range(0, concurrency)
        .flatMap(
            caller ->
                Mono.defer(() -> timed(request, sequence.getAndIncrement(), recording))
                    .repeat(() -> System.nanoTime() < end),
            concurrency)
        .blockLast();
  }

  private static Mono<Integer> timed(
      LongFunction<Mono<Integer>> request, long n, Recording recording) {
    long t0 = System.nanoTime();
    return Mono.defer(() -> request.apply(n))
        .doOnNext(
            status -> {
              if (recording != null) {
                recording.answered(status, System.nanoTime() - t0);
              }
            })
        .onErrorResume(
            e -> {
              if (recording != null) {
                recording.failed(e);
              }
              return Mono.empty();
            });
  }

  /** What one measurement saw. */
  record Result(
      long succeeded,
      long failed,
      Duration elapsed,
      Latencies.Summary latency,
      Map<String, Long> failures) {

    double perSecond() {
      return succeeded / (elapsed.toNanos() / 1e9);
    }

    @Override
    public String toString() {
      return "%s/s, %s, %d failed%s"
          .formatted(
              Figure.number(perSecond()),
              latency,
              failed,
              failures.isEmpty() ? "" : " " + failures);
    }
  }

  private static final class Recording {

    private final IntPredicate ok;
    private final Latencies latencies = new Latencies();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, Long> failures = new ConcurrentHashMap<>();

    Recording(IntPredicate ok) {
      this.ok = ok;
    }

    void answered(int status, long nanos) {
      if (ok.test(status)) {
        succeeded.incrementAndGet();
        latencies.recordNanos(nanos);
      } else {
        failed.incrementAndGet();
        failures.merge("HTTP " + status, 1L, Long::sum);
      }
    }

    void failed(Throwable error) {
      failed.incrementAndGet();
      failures.merge(error.getClass().getSimpleName(), 1L, Long::sum);
    }

    Result result(Duration elapsed) {
      return new Result(
          succeeded.get(), failed.get(), elapsed, latencies.summary(), Map.copyOf(failures));
    }
  }
}

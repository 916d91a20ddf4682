package io.crescendo.bench;

import java.io.IOException;
import java.time.Duration;
import java.time.Period;

/**
 * What a benchmark gets: the running stack (which it may restart with a shifted clock), the HTTP
 * client, and the run's mode.
 */
final class BenchContext {

  private BenchStack stack;
  private final boolean quick;
  private final Http http;

  BenchContext(BenchStack stack, boolean quick, Http http) {
    this.stack = stack;
    this.quick = quick;
    this.http = http;
  }

  BenchStack stack() {
    return stack;
  }

  Http http() {
    return http;
  }

  /** A client of the public API through the gateway. */
  PlatformClient gateway() {
    return new PlatformClient(http, stack.gatewayUrl());
  }

  /**
   * The same API straight at one service, bypassing the gateway (and its read-your-writes wait).
   */
  PlatformClient direct(String service) {
    return new PlatformClient(http, stack.serviceUrl(service));
  }

  boolean quick() {
    return quick;
  }

  /** {@code quick} in quick mode, {@code full} otherwise. */
  Duration duration(Duration quick, Duration full) {
    return this.quick ? quick : full;
  }

  /** {@code quick} in quick mode, {@code full} otherwise. */
  int size(int quick, int full) {
    return this.quick ? quick : full;
  }

  /** Stops the stack and starts it on the same data with every clock {@code offset} ahead. */
  void restart(Period offset) throws IOException, InterruptedException {
    stack = stack.restart(offset);
  }

  static void log(String format, Object... args) {
    System.out.println("[bench] " + format.formatted(args));
  }
}

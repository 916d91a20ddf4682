package io.crescendo.bench;

import java.util.List;

/** One measurement of docs/benchmarks.md, run against the shared stack. */
interface Benchmark {

  /** Its name on the command line ({@code --only=<name>,...}). */
  String name();

  /** Measures; the figures carry their reference from the same run. */
  List<Figure> run(BenchContext context) throws Exception;
}

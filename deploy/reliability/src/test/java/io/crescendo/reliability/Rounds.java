package io.crescendo.reliability;

/** How hard the races push: {@code -Dreliability.rounds=50 -Dreliability.racers=8}. */
final class Rounds {

  /** Rounds of each race. */
  static final int ROUNDS = Integer.getInteger("reliability.rounds", 20);

  /** Concurrent callers in each round. */
  static final int RACERS = Math.max(2, Integer.getInteger("reliability.racers", 5));

  private Rounds() {}
}

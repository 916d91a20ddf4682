package io.crescendo.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * In-memory token buckets, one per key (client address): {@code capacity} requests at once,
 * refilled at {@code capacity} per {@code period}. A full bucket is indistinguishable from a
 * missing one, so full buckets are dropped when the map grows large. Per gateway replica: with n
 * replicas a client gets at most n times the limit.
 */
public final class TokenBuckets {

  private static final int MAX_TRACKED = 100_000;

  private final int capacity;
  private final double nanosPerToken;
  private final Clock clock;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public TokenBuckets(int capacity, Duration period, Clock clock) {
    if (capacity < 1 || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("capacity and period must be positive");
    }
    this.capacity = capacity;
    this.nanosPerToken = (double) period.toNanos() / capacity;
    this.clock = clock;
  }

  /**
   * Takes a token for {@code key}.
   *
   * @return {@link Duration#ZERO} if the request may pass, otherwise how long until it would
   */
  public Duration tryAcquire(String key) {
    long now = nanos();
    if (buckets.size() > MAX_TRACKED) {
      buckets.values().removeIf(bucket -> bucket.isFull(now));
    }
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
    return bucket.tryAcquire(now);
  }

  /** Forgets every client (tests). */
  public void clear() {
    buckets.clear();
  }

  private long nanos() {
    java.time.Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private final class Bucket {
    private double tokens;
    private long updatedAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedAt = now;
    }

    synchronized Duration tryAcquire(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return Duration.ZERO;
      }
      return Duration.ofNanos((long) Math.ceil((1 - tokens) * nanosPerToken));
    }

    synchronized boolean isFull(long now) {
      refill(now);
      return tokens >= capacity;
    }

    private void refill(long now) {
      if (now > updatedAt) {
        tokens = Math.min(capacity, tokens + (now - updatedAt) / nanosPerToken);
        updatedAt = now;
      }
    }
  }
}

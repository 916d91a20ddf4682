package io.crescendo.search.web;

import io.crescendo.events.kafka.ConsistencyToken;
import io.crescendo.search.infra.AppliedPositions;
import io.crescendo.web.error.ValidationException;
import java.time.Duration;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The internal wait of read-your-writes (docs/consistency.md): the gateway asks here, with the
 * write's consistency token, before it lets the write's answer go. Not routed by the gateway, so
 * not reachable from outside.
 *
 * <p>{@code GET /internal/consistency/await?token=<token>&timeout_ms=<0..10000>} → 200 {@code
 * {"applied": true}} as soon as every position is applied, {@code {"applied": false}} when the
 * timeout passes first; 400 for a malformed token.
 */
@RestController
class ConsistencyController {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);

  private final AppliedPositions appliedPositions;

  ConsistencyController(AppliedPositions appliedPositions) {
    this.appliedPositions = appliedPositions;
  }

  @GetMapping("/internal/consistency/await")
  Mono<Map<String, Boolean>> await(
      @RequestParam String token, @RequestParam(name = "timeout_ms", required = false) Long ms) {
    ConsistencyToken parsed;
    try {
      parsed = ConsistencyToken.parse(token);
    } catch (IllegalArgumentException e) {
      throw ValidationException.of("token", e.getMessage());
    }
    Duration timeout = ms == null ? DEFAULT_TIMEOUT : Duration.ofMillis(ms);
    if (timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw ValidationException.of(
          "timeout_ms", "Must be between 0 and " + MAX_TIMEOUT.toMillis() + ".");
    }
    return appliedPositions.await(parsed, timeout).map(applied -> Map.of("applied", applied));
  }
}

package io.crescendo.events.axon.consistency;

import io.crescendo.events.kafka.ConsistencyToken;
import io.crescendo.events.kafka.ConsistencyToken.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The public events one HTTP request stored, as topic positions for its {@link ConsistencyToken}.
 *
 * <p>Axon's {@code SimpleCommandBus} runs a command, and publishes its events, on the dispatching
 * thread: {@link #recording} marks that thread while the command runs, {@link
 * WrittenEventsInterceptor} notes each public event published there, and the positions are kept
 * only when the command succeeded (a rolled-back unit of work stored nothing).
 */
public final class WrittenEvents {

  private static final ThreadLocal<List<Position>> CURRENT = new ThreadLocal<>();

  private final Queue<Position> positions = new ConcurrentLinkedQueue<>();

  /** Runs {@code action} on this thread and adds the public events it stored to {@code into}. */
  public static <T> T recording(WrittenEvents into, Callable<T> action) throws Exception {
    List<Position> previous = CURRENT.get();
    List<Position> stored = new ArrayList<>();
    CURRENT.set(stored);
    try {
      T result = action.call();
      into.positions.addAll(stored);
      return result;
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /** Called while an event is published; ignored outside {@link #recording}. */
  static void stored(Position position) {
    List<Position> stored = CURRENT.get();
    if (stored != null) {
      stored.add(position);
    }
  }

  /** What was stored so far. */
  public ConsistencyToken token() {
    return ConsistencyToken.of(positions);
  }
}

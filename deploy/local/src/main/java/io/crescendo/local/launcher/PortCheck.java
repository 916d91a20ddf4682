package io.crescendo.local.launcher;

import io.crescendo.local.infra.FreePorts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Up-front check that every fixed port is free, with an actionable one-line message. */
public final class PortCheck {

  /**
   * A port the launcher needs.
   *
   * @param address address it will be bound to
   * @param port the port
   * @param variable the environment variable that changes it
   * @param purpose what uses it, e.g. {@code kafka}
   */
  public record PortClaim(String address, int port, String variable, String purpose) {}

  private PortCheck() {}

  /** The first problem (a port claimed twice or already in use), or empty when all are free. */
  public static Optional<String> firstConflict(List<PortClaim> claims) {
    Map<Integer, PortClaim> seen = new HashMap<>();
    for (PortClaim claim : claims) {
      PortClaim earlier = seen.putIfAbsent(claim.port(), claim);
      if (earlier != null) {
        return Optional.of(
            "port "
                + claim.port()
                + " is set for both "
                + earlier.purpose()
                + " ("
                + earlier.variable()
                + ") and "
                + claim.purpose()
                + " ("
                + claim.variable()
                + "); give each its own port");
      }
    }
    for (PortClaim claim : claims) {
      if (!FreePorts.isFree(claim.address(), claim.port())) {
        return Optional.of(
            "port "
                + claim.port()
                + " ("
                + claim.purpose()
                + ") is already in use; set "
                + claim.variable()
                + " to a free port");
      }
    }
    return Optional.empty();
  }
}

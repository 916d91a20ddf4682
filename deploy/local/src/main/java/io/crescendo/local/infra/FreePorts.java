package io.crescendo.local.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Picks free loopback TCP ports. */
public final class FreePorts {

  private FreePorts() {}

  /** Ports handed out recently by this JVM: never handed out twice while probably unbound. */
  private static final Set<Integer> ISSUED =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
              return size() > 512;
            }
          });

  /**
   * A port that was free on 127.0.0.1 a moment ago (chosen by the operating system), and not handed
   * out recently by this method.
   */
  public static int pick() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        port = socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("No free loopback port", e);
      }
      synchronized (ISSUED) {
        if (ISSUED.add(port)) {
          return port;
        }
      }
    }
    throw new IllegalStateException("No free loopback port found");
  }

  /** {@code port} itself, or a freshly picked free port when it is 0. */
  public static int orPick(int port) {
    return port == 0 ? pick() : port;
  }

  /** Whether a server could bind {@code address:port} right now. */
  public static boolean isFree(String address, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true); // a port in TIME_WAIT is free for a server
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

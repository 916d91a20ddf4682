package io.crescendo.local.launcher;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for a Spring Boot service in launcher tests: serves {@code /actuator/health} on {@code
 * SERVER_ADDRESS:SERVER_PORT}, or exits at once with code 3 when {@code FAKE_MODE=crash}.
 */
public final class FakeService {

  private FakeService() {}

  public static void main(String[] args) throws Exception {
    if ("crash".equals(System.getenv("FAKE_MODE"))) {
      System.out.println("fake service crashing on purpose");
      System.exit(3);
    }
    int port = Integer.parseInt(System.getenv("SERVER_PORT"));
    String address = System.getenv().getOrDefault("SERVER_ADDRESS", "127.0.0.1");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 0);
    server.createContext(
        "/actuator/health",
        exchange -> {
          byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    System.out.println("fake service up on " + address + ":" + port);
  }
}

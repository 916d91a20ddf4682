package io.crescendo.web.testsupport;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** identity-service's JWKS endpoint, played on 127.0.0.1; can be switched to failing. */
public final class JwksServer implements AutoCloseable {

  private final HttpServer server;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<JWK> keys = new CopyOnWriteArrayList<>();

  private JwksServer(HttpServer server) {
    this.server = server;
  }

  public static JwksServer serving(JWK key) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      JwksServer jwks = new JwksServer(server);
      jwks.publish(key);
      server.createContext(
          "/.well-known/jwks.json",
          exchange -> {
            jwks.requests.incrementAndGet();
            if (jwks.failing.get()) {
              exchange.sendResponseHeaders(503, -1);
            } else {
              byte[] body = new JWKSet(jwks.keys).toString(true).getBytes(StandardCharsets.UTF_8);
              exchange.getResponseHeaders().set("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, body.length);
              exchange.getResponseBody().write(body);
            }
            exchange.close();
          });
      server.start();
      return jwks;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
  }

  /** Publishes one more key (its public part), as identity does when it rotates. */
  public void publish(JWK key) {
    keys.add(key.toPublicJWK());
  }

  public void failing(boolean failing) {
    this.failing.set(failing);
  }

  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

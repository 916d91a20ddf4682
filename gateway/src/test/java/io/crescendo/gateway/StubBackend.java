package io.crescendo.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service stand-in on 127.0.0.1: answers every request with 200 and a JSON echo of what it
 * received ({@code service}, {@code method}, {@code path}, {@code headers} with lower-case names),
 * plus its own {@code Access-Control-Allow-Origin: *} that the gateway must drop. {@code
 * /.well-known/jwks.json} serves {@link #jwks}; a path containing {@code /hang} gets no answer
 * until {@link #close()}, one containing {@code /fail} gets 500, one containing {@code /gather}
 * waits until {@link #GATHERED} such requests are in progress at once (at most 10 s). A path
 * containing {@code /written} answers with a consistency token ({@link #WRITTEN_TOKEN}), as a write
 * service does after storing events; {@code /internal/consistency/await} answers {@code {"applied":
 * ...}} from {@link #answerAwait}.
 */
final class StubBackend implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static final String WRITTEN_TOKEN =
      "crescendo.study.studygroup.v1;0b6f6c8e-9d0e-4a63-a5a4-7c1f9c3f2b11;3";

  private final String name;
  private final int port;
  private volatile Supplier<String> jwks = () -> "{\"keys\":[]}";

  /** How many {@code /gather} requests must be in progress together before any is answered. */
  static final int GATHERED = 60;

  private final CountDownLatch released = new CountDownLatch(1);
  private final CountDownLatch gathered = new CountDownLatch(GATHERED);
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final List<String> awaitQueries = new CopyOnWriteArrayList<>();
  private volatile Callable<Boolean> await = () -> true;
  private ExecutorService executor;
  private HttpServer server;

  private StubBackend(String name, int port) {
    this.name = name;
    this.port = port;
  }

  static StubBackend start(String name) {
    StubBackend stub = new StubBackend(name, 0);
    return stub.bind(0);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many requests reached {@code path}. */
  int hits(String path) {
    AtomicInteger count = hits.get(path);
    return count == null ? 0 : count.get();
  }

  /** How {@code /internal/consistency/await} answers (it may block). */
  void answerAwait(Callable<Boolean> await) {
    this.await = await;
  }

  /** The raw query strings received on {@code /internal/consistency/await}. */
  List<String> awaitQueries() {
    return awaitQueries;
  }

  void serveJwks(Supplier<String> jwks) {
    this.jwks = jwks;
  }

  /** Stops listening: connections to the port are refused. */
  void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Listens again on the same port. */
  void restart() {
    bind(server.getAddress().getPort());
  }

  @Override
  public void close() {
    released.countDown();
    stop();
  }

  private boolean callAwait() {
    try {
      return await.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private StubBackend bind(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    return this;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getRawPath();
      hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      int status = path.contains("/fail") ? 500 : 200;
      byte[] body;
      if (path.equals("/.well-known/jwks.json")) {
        body = jwks.get().getBytes(StandardCharsets.UTF_8);
      } else if (path.equals("/internal/consistency/await")) {
        awaitQueries.add(exchange.getRequestURI().getRawQuery());
        body = JSON.writeValueAsBytes(Map.of("applied", callAwait()));
      } else {
        if (path.contains("/hang")) {
          released.await(30, TimeUnit.SECONDS);
        }
        if (path.contains("/gather")) {
          gathered.countDown();
          if (!gathered.await(10, TimeUnit.SECONDS)) {
            status = 504;
          }
        }
        Map<String, String> headers = new TreeMap<>();
        exchange
            .getRequestHeaders()
            .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        Map<String, Object> echo = new TreeMap<>();
        echo.put("service", name);
        echo.put("method", exchange.getRequestMethod());
        echo.put("path", path);
        echo.put("headers", headers);
        body = JSON.writeValueAsBytes(echo);
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        if (path.contains("/written")) {
          exchange.getResponseHeaders().set("Crescendo-Consistency-Token", WRITTEN_TOKEN);
        }
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.crescendo.bench;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load generator's HTTP client: Reactor Netty with kept-alive connections, so that the load
 * costs the harness little CPU next to the stack it measures on the same machine.
 */
final class Http implements AutoCloseable {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final ConnectionProvider connections;
  private final HttpClient client;

  Http() {
    connections =
        ConnectionProvider.builder("crescendo-bench")
            .maxConnections(1024)
            .pendingAcquireMaxCount(-1)
            .maxIdleTime(Duration.ofSeconds(20))
            .build();
    client =
        HttpClient.create(connections)
            .responseTimeout(Duration.ofSeconds(30))
            .headers(h -> h.set(HttpHeaderNames.ACCEPT, "application/json"));
  }

  /** An answer, its body read completely. */
  record Answer(int status, HttpHeaders headers, String body) {

    JsonNode json() {
      return JSON.readTree(body);
    }

    String header(String name) {
      return headers.get(name);
    }
  }

  Mono<Answer> send(String method, String url, Object body, String bearer) {
    String json = body == null ? null : JSON.writeValueAsString(body);
    return client
        .headers(
            h -> {
              if (bearer != null) {
                h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearer);
              }
              if (json != null) {
                h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
              }
            })
        .request(HttpMethod.valueOf(method))
        .uri(url)
        .send(
            json == null
                ? ByteBufFlux.empty()
                : ByteBufFlux.fromString(
                    Mono.just(json), StandardCharsets.UTF_8, ByteBufAllocator.DEFAULT))
        .responseSingle(
            (response, content) ->
                content
                    .asString(StandardCharsets.UTF_8)
                    .defaultIfEmpty("")
                    .map(
                        text ->
                            new Answer(
                                response.status().code(), response.responseHeaders(), text)));
  }

  @Override
  public void close() {
    connections.dispose();
  }
}

package io.crescendo.gateway.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /asyncapi.yaml} (and {@code HEAD}): the AsyncAPI document of every public event, as
 * other teams read the Kafka topics. The one document is {@code asyncapi.yaml} of
 * shared-events-contracts (kept in step with the code by its test); the gateway serves that copy
 * from its classpath, so a release serves the document of its own events. Anonymous like every
 * route, cacheable for 5 minutes and revalidated by its {@code ETag}.
 */
@Configuration(proxyBeanMethods = false)
public class AsyncApiRoute {

  public static final String PATH = "/asyncapi.yaml";

  private static final MediaType YAML =
      new MediaType("application", "yaml", StandardCharsets.UTF_8);

  private static final String DOCUMENT = "asyncapi.yaml";
  private static final CacheControl CACHE =
      CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

  @Bean
  RouterFunction<ServerResponse> asyncApiDocument() {
    byte[] document = read();
    String etag = '"' + HexFormat.of().formatHex(sha256(document), 0, 16) + '"';
    return RouterFunctions.route(
        RequestPredicates.GET(PATH).or(RequestPredicates.HEAD(PATH)),
        request -> answer(request, document, etag));
  }

  private static Mono<ServerResponse> answer(ServerRequest request, byte[] document, String etag) {
    // weak comparison (RFC 9110 §13.1.2): a proxy that compressed the body may have weakened it
    List<String> ifNoneMatch = request.headers().asHttpHeaders().getIfNoneMatch();
    if (ifNoneMatch.stream()
        .anyMatch(tag -> tag.equals("*") || tag.replaceFirst("^W/", "").equals(etag))) {
      return ServerResponse.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(CACHE).build();
    }
    return ServerResponse.ok().contentType(YAML).eTag(etag).cacheControl(CACHE).bodyValue(document);
  }

  private static byte[] read() {
    try {
      return new ClassPathResource(DOCUMENT).getContentAsByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(
          DOCUMENT + " of shared-events-contracts is not on the classpath", e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}

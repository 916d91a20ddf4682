package io.crescendo.gateway.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses request bodies larger than {@code crescendo.gateway.max-request-size} with 413 {@code
 * {"detail": ...}} before they reach a service. The limit leaves room for the contract's largest
 * upload (a 5 MB head image) plus the multipart's text fields. A body without {@code
 * Content-Length} is counted as it streams and cut off at the limit.
 */
@Component
public class RequestSizeLimitFilter implements WebFilter, Ordered {

  private final long maxBytes;

  public RequestSizeLimitFilter(
      @Value("${crescendo.gateway.max-request-size:6MB}") DataSize maxRequestSize) {
    this.maxBytes = maxRequestSize.toBytes();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    long declared = exchange.getRequest().getHeaders().getContentLength();
    if (declared > maxBytes) {
      return ErrorBodies.write(
          exchange, HttpStatus.CONTENT_TOO_LARGE, ErrorBodies.tooLarge(maxBytes));
    }
    if (declared >= 0) {
      return chain.filter(exchange);
    }
    var counted =
        new ServerHttpRequestDecorator(exchange.getRequest()) {
          @Override
          public Flux<DataBuffer> getBody() {
            long[] seen = {0};
            return super.getBody()
                .doOnNext(
                    buffer -> {
                      seen[0] += buffer.readableByteCount();
                      if (seen[0] > maxBytes) {
                        throw new ResponseStatusException(
                            HttpStatus.CONTENT_TOO_LARGE, ErrorBodies.tooLarge(maxBytes));
                      }
                    });
          }
        };
    return chain.filter(exchange.mutate().request(counted).build());
  }

  /** After CORS, so that a 413 carries CORS headers. */
  @Override
  public int getOrder() {
    return CorsConfiguration.ORDER + 5;
  }
}

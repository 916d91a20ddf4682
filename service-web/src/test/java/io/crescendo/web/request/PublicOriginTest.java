package io.crescendo.web.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** The origin of absolute URLs: the gateway's forwarded headers, else the request's own. */
class PublicOriginTest {

  @Test
  void withoutAGatewayTheRequestsOwnOriginIsUsed() {
    assertThat(PublicOrigin.of(MockServerHttpRequest.get("http://localhost:8082/x").build()))
        .isEqualTo("http://localhost:8082");
    assertThat(PublicOrigin.of(MockServerHttpRequest.get("https://api.example/x").build()))
        .isEqualTo("https://api.example");
  }

  @Test
  void theGatewaysForwardedHeadersWin() {
    MockServerHttpRequest request =
        MockServerHttpRequest.get("http://10.0.0.7:8082/x")
            .header("X-Forwarded-Proto", "https")
            .header("X-Forwarded-Host", "crescendoapi.duckdns.org")
            .header("X-Forwarded-Port", "443")
            .build();
    assertThat(PublicOrigin.of(request)).isEqualTo("https://crescendoapi.duckdns.org");
  }

  @Test
  void aPortInTheForwardedHostWinsOverTheForwardedPortAndTheFirstHopCounts() {
    MockServerHttpRequest request =
        MockServerHttpRequest.get("http://10.0.0.7:8082/x")
            .header("X-Forwarded-Proto", "http, https")
            .header("X-Forwarded-Host", "localhost:8080, internal:9000")
            .header("X-Forwarded-Port", "9999")
            .build();
    assertThat(PublicOrigin.of(request)).isEqualTo("http://localhost:8080");

    MockServerHttpRequest separatePort =
        MockServerHttpRequest.get("http://10.0.0.7:8082/x")
            .header("X-Forwarded-Host", "api.example")
            .header("X-Forwarded-Port", "8443")
            .header("X-Forwarded-Proto", "https")
            .build();
    assertThat(PublicOrigin.of(separatePort)).isEqualTo("https://api.example:8443");
  }

  @Test
  void forwardedValuesThatAreNoSchemeOrHostAreIgnored() {
    MockServerHttpRequest request =
        MockServerHttpRequest.get("http://localhost:8082/x")
            .header("X-Forwarded-Proto", "javascript")
            .header("X-Forwarded-Host", "evil.example/path?x=\"<script>")
            .build();
    assertThat(PublicOrigin.of(request)).isEqualTo("http://localhost:8082");
  }
}

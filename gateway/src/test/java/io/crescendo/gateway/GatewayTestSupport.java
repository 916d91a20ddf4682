package io.crescendo.gateway;

import io.crescendo.gateway.ratelimit.TokenBuckets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway on a random loopback port (and its actuator on another) in front of four stub
 * services; the identity stub serves the JWKS of {@link #TOKENS}. All test classes share one
 * application context.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "server.address=127.0.0.1",
      "management.server.port=0",
      "management.server.address=127.0.0.1",
      "crescendo.gateway.auth-rate-limit=5",
      "crescendo.security.jwks.refetch-min-interval=PT0.001S",
      "crescendo.gateway.resilience.time-limit=PT1S",
    })
abstract class GatewayTestSupport {

  static final String FRONTEND = "http://localhost:3000";

  static final TestTokens TOKENS = new TestTokens();
  static final StubBackend IDENTITY = StubBackend.start("identity");
  static final StubBackend STUDY = StubBackend.start("study");
  static final StubBackend ASSIGNMENT = StubBackend.start("assignment");
  static final StubBackend SEARCH = StubBackend.start("search");

  static {
    IDENTITY.serveJwks(TOKENS::jwks);
  }

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    registry.add("crescendo.services.identity", IDENTITY::url);
    registry.add("crescendo.services.study", STUDY::url);
    registry.add("crescendo.services.assignment", ASSIGNMENT::url);
    registry.add("crescendo.services.search", SEARCH::url);
  }

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired TokenBuckets authRateLimitBuckets;

  WebTestClient client;

  @BeforeEach
  void setUpClient() {
    client =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(Duration.ofSeconds(15))
            .build();
    authRateLimitBuckets.clear();
  }
}

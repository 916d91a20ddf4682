package io.crescendo.search.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crescendo.local.test.CrescendoInfrastructure;
import io.crescendo.web.testsupport.IdentityTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * search-service on a random port against the shared PostgreSQL and Kafka, one Spring context for
 * every subclass (same configuration, so the context cache hands out the same one): events go in on
 * the real topics ({@link Feed#kafka()}), JSON comes out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT60S")
@CrescendoInfrastructure(database = "search")
public abstract class ReadSideTest {

  public static final Duration WITHIN = Duration.ofSeconds(60);
  public static final String ORIGIN = "https://api.example";
  public static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};
  public static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST =
      new ParameterizedTypeReference<>() {};

  @Autowired protected WebTestClient http;
  @Autowired protected JdbcClient jdbc;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("crescendo.security.jwks-uri", IdentityTokens::jwksUri);
    registry.add("crescendo.security.issuer", () -> IdentityTokens.ISSUER);
  }

  /** A GET behind the gateway ({@code https://api.example}), as this user (null: anonymous). */
  protected WebTestClient.ResponseSpec get(String path, UUID user) {
    WebTestClient.RequestHeadersSpec<?> request =
        http.get()
            .uri(path)
            .header("X-Forwarded-Proto", "https")
            .header("X-Forwarded-Host", "api.example")
            .header("X-Forwarded-Port", "443");
    if (user != null) {
      request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + IdentityTokens.access(user));
    }
    return request.exchange();
  }

  protected Map<String, Object> json(String path, UUID user) {
    return get(path, user).expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
  }

  protected List<Map<String, Object>> jsonList(String path, UUID user) {
    return get(path, user)
        .expectStatus()
        .isOk()
        .expectBody(JSON_LIST)
        .returnResult()
        .getResponseBody();
  }

  /** A page of a paginated list: exactly {@code next}, {@code previous}, {@code results}. */
  protected Map<String, Object> page(String path, UUID user) {
    Map<String, Object> page = json(path, user);
    assertThat(page).containsOnlyKeys("next", "previous", "results");
    return page;
  }

  @SuppressWarnings("unchecked")
  protected static List<Map<String, Object>> results(Map<String, Object> page) {
    return (List<Map<String, Object>>) page.get("results");
  }

  /** The path and query of an absolute {@code next}/{@code previous} link of this origin. */
  protected static String relative(Object link) {
    assertThat((String) link).startsWith(ORIGIN + "/api/v1/");
    return ((String) link).substring(ORIGIN.length());
  }

  /** The contract's datetime: Asia/Seoul with microseconds and the offset. */
  protected static String datetime(Instant instant) {
    return instant
        .truncatedTo(ChronoUnit.MICROS)
        .atZone(Feed.SEOUL)
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx"));
  }

  /** The JSON of a GET once it answers 200 and satisfies the condition (events take a moment). */
  protected Map<String, Object> awaitJson(
      String path, UUID user, Predicate<Map<String, Object>> condition) {
    return await().atMost(WITHIN).ignoreExceptions().until(() -> json(path, user), condition::test);
  }

  protected List<Map<String, Object>> awaitList(
      String path, UUID user, Predicate<List<Map<String, Object>>> condition) {
    return await()
        .atMost(WITHIN)
        .ignoreExceptions()
        .until(() -> jsonList(path, user), condition::test);
  }

  /** Waits until the GET answers this status. */
  protected void awaitStatus(String path, UUID user, int status) {
    await().atMost(WITHIN).untilAsserted(() -> get(path, user).expectStatus().isEqualTo(status));
  }

  protected static long id(Object json) {
    return ((Number) json).longValue();
  }
}

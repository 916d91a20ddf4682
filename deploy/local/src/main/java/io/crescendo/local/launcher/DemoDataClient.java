package io.crescendo.local.launcher;

import io.crescendo.local.http.MultipartForm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public API as the frontend calls it, for {@link DemoData}: JSON requests, multipart study
 * forms, and answers checked against the expected status. Waits out what a platform that has just
 * started may answer for a moment: 429 (the sign-up/login rate limit, per {@code Retry-After}) and
 * 503 (a route whose service is still connecting, or a just-registered user not yet known to
 * study-service).
 */
final class DemoDataClient {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration TRANSIENT_FOR = Duration.ofSeconds(30);
  private static final int MAX_BODY_IN_MESSAGE = 300;

  /** A call that did not answer as expected; the message is one line. */
  static final class CallFailed extends Exception {
    CallFailed(String message) {
      super(message);
    }
  }

  /** An answer. */
  record Answer(int status, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  private static final Duration NOTICE_EVERY = Duration.ofSeconds(15);

  private final AtomicLong lastNotice = new AtomicLong();
  private final URI baseUrl;
  private final Consumer<String> progress;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  DemoDataClient(URI baseUrl, Consumer<String> progress) {
    String base = baseUrl.toString();
    this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.progress = progress;
  }

  /** A JSON call (no body when {@code body} is null) that must answer {@code expected}. */
  JsonNode json(String method, String path, Object body, String token, int expected)
      throws CallFailed {
    Answer answer = send(method, path, body, token);
    return expect(method, path, answer, expected);
  }

  /** A call whose answer the caller judges. */
  Answer send(String method, String path, Object body, String token) throws CallFailed {
    HttpRequest.Builder request = request(path, token);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    return exchange(method, path, request.build());
  }

  /** A multipart/form-data {@code POST} that must answer {@code expected}. */
  JsonNode multipart(String path, MultipartForm form, String token, int expected)
      throws CallFailed {
    HttpRequest request =
        request(path, token)
            .header("Content-Type", form.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(form.body()))
            .build();
    return expect("POST", path, exchange("POST", path, request), expected);
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private Answer exchange(String method, String path, HttpRequest request) throws CallFailed {
    long giveUpAt = System.nanoTime() + TRANSIENT_FOR.toNanos();
    while (true) {
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new CallFailed(
            method + " " + path + " failed: " + (e.getMessage() == null ? e : e.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CallFailed(method + " " + path + " interrupted");
      }
      Answer answer = new Answer(response.statusCode(), response.body());
      Duration wait = transientWait(response);
      if (wait == null || System.nanoTime() + wait.toNanos() > giveUpAt) {
        return answer;
      }
      if (answer.status() == 429 && noticeDue()) {
        progress.accept("rate limited by the gateway, waiting " + wait.toSeconds() + " s");
      }
      pause(method, path, wait);
    }
  }

  /** One rate-limit notice for the calls waiting in parallel, not one per call. */
  private boolean noticeDue() {
    long now = System.nanoTime();
    long last = lastNotice.get();
    return (last == 0 || now - last > NOTICE_EVERY.toNanos())
        && lastNotice.compareAndSet(last, now);
  }

  /** How long to wait before trying again, or null when the answer is final. */
  private static Duration transientWait(HttpResponse<String> response) {
    return switch (response.statusCode()) {
      case 429 ->
          Duration.ofSeconds(
              Math.clamp(
                  response
                      .headers()
                      .firstValue("Retry-After")
                      .map(DemoDataClient::seconds)
                      .orElse(5L),
                  1,
                  60));
      case 503 -> Duration.ofSeconds(1);
      default -> null;
    };
  }

  private static long seconds(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 5;
    }
  }

  private static void pause(String method, String path, Duration wait) throws CallFailed {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallFailed(method + " " + path + " interrupted");
    }
  }

  private static JsonNode expect(String method, String path, Answer answer, int expected)
      throws CallFailed {
    if (answer.status() != expected) {
      throw failed(method, path, answer);
    }
    if (answer.body() == null || answer.body().isBlank()) {
      return JSON.nullNode();
    }
    try {
      return answer.json();
    } catch (JacksonException e) {
      throw new CallFailed(
          method
              + " "
              + path
              + " answered "
              + answer.status()
              + " without JSON: "
              + oneLine(answer.body()));
    }
  }

  /** E.g. {@code POST /api/v1/studygroup/studies/ answered 400: {"non_field_errors":[...]}}. */
  static CallFailed failed(String method, String path, Answer answer) {
    return new CallFailed(
        method
            + " "
            + path
            + " answered "
            + answer.status()
            + (answer.body() == null || answer.body().isBlank()
                ? ""
                : ": " + oneLine(answer.body())));
  }

  static String oneLine(String body) {
    String line = body.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    return line.length() <= MAX_BODY_IN_MESSAGE
        ? line
        : line.substring(0, MAX_BODY_IN_MESSAGE) + "…";
  }
}

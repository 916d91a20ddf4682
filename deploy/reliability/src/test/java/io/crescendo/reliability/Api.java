package io.crescendo.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls through the gateway as the frontend makes them: JSON bodies, multipart study forms. */
final class Api {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private static final HttpClient HTTP = client(null);

  /** Loopback source addresses handed out so far (127.0.0.1 is everyone else's). */
  private static final AtomicInteger ADDRESSES = new AtomicInteger();

  private final String baseUrl;
  private final HttpClient http;

  Api(String baseUrl) {
    this(baseUrl, HTTP);
  }

  private Api(String baseUrl, HttpClient http) {
    this.baseUrl = baseUrl;
    this.http = http;
  }

  private static HttpClient client(InetAddress local) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5));
    if (local != null) {
      builder.localAddress(local);
    }
    return builder.build();
  }

  /**
   * The same gateway, called from a loopback address of its own (127.x.y.z): the gateway limits
   * sign-up and logins per client address (20 a minute by default), so every person of the suites
   * signs up and logs in from their own address, as people do.
   */
  Api fromOwnAddress() {
    int n = ADDRESSES.incrementAndGet();
    byte[] address = {
      127, (byte) (1 + n / 62_500 % 250), (byte) (1 + n / 250 % 250), (byte) (1 + n % 250)
    };
    try {
      return new Api(baseUrl, client(InetAddress.getByAddress(address)));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  String baseUrl() {
    return baseUrl;
  }

  /** An answer: status, headers and the body, parsed as JSON when it is JSON. */
  record Response(int status, String body, HttpResponse<String> raw) {

    JsonNode json() {
      return body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return raw.request().method() + " " + raw.request().uri() + " -> " + status + " " + body;
    }
  }

  /** A request with a JSON body (or none when {@code body} is null), bearer token or none. */
  Response json(String method, String path, Object body, String bearer) {
    return jsonAuthorized(method, path, body, bearer(bearer));
  }

  /** The same with any {@code Authorization} header value (null: none). */
  Response jsonAuthorized(String method, String path, Object body, String authorization) {
    HttpRequest.Builder request = request(path, authorization);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    return send(request.build());
  }

  Response get(String path, String bearer) {
    return json("GET", path, null, bearer);
  }

  /** Any body with its content type as given (null: no Content-Type header). */
  Response raw(String method, String path, String contentType, byte[] body, String bearer) {
    HttpRequest.Builder request = request(path, bearer(bearer));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request.method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  /** A multipart/form-data request (study create and edit). */
  Response form(String method, String path, Form form, String bearer) {
    return formAuthorized(method, path, form, bearer(bearer));
  }

  Response formAuthorized(String method, String path, Form form, String authorization) {
    return send(
        request(path, authorization)
            .header("Content-Type", form.contentType())
            .method(method, HttpRequest.BodyPublishers.ofByteArray(form.body()))
            .build());
  }

  private static String bearer(String token) {
    return token == null ? null : "Bearer " + token;
  }

  private HttpRequest.Builder request(String path, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request;
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
      return new Response(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs every call at the same moment (each on its own thread, released together by one latch) and
   * returns their answers in the order given.
   */
  static List<Response> race(List<Callable<Response>> calls) {
    CountDownLatch ready = new CountDownLatch(calls.size());
    CountDownLatch go = new CountDownLatch(1);
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Response>> futures = new ArrayList<>();
      for (Callable<Response> call : calls) {
        futures.add(
            threads.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return call.call();
                }));
      }
      ready.await();
      go.countDown();
      List<Response> answers = new ArrayList<>();
      for (Future<Response> future : futures) {
        answers.add(future.get());
      }
      return answers;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** A multipart/form-data body as the frontend's FormData sends it. */
  static final class Form {

    private final String boundary = "crescendo-" + UUID.randomUUID();
    private final List<Map.Entry<String, String>> fields = new ArrayList<>();

    Form field(String name, String value) {
      fields.add(Map.entry(name, value));
      return this;
    }

    String contentType() {
      return "multipart/form-data; boundary=" + boundary;
    }

    byte[] body() {
      var out = new ByteArrayOutputStream();
      for (var field : fields) {
        out.writeBytes(
            ("--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\""
                    + field.getKey()
                    + "\"\r\n\r\n"
                    + field.getValue()
                    + "\r\n")
                .getBytes(UTF_8));
      }
      out.writeBytes(("--" + boundary + "--\r\n").getBytes(UTF_8));
      return out.toByteArray();
    }
  }
}

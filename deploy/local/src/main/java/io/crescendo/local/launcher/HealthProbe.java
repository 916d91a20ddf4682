package io.crescendo.local.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks {@code /actuator/health} whether a service is UP. */
final class HealthProbe implements ReadinessProbe {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(1))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final URI uri;

  HealthProbe(String host, int port) {
    this.uri = URI.create("http://" + host + ":" + port + "/actuator/health");
  }

  URI uri() {
    return uri;
  }

  /** True when the endpoint answers 200 with status UP. */
  @Override
  public boolean isUp() {
    try {
      HttpResponse<String> response =
          CLIENT.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains("\"UP\"");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }
}

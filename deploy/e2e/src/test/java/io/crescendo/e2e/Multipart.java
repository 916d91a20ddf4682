package io.crescendo.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** A multipart/form-data body as the frontend's FormData sends it (study create and edit). */
final class Multipart {

  private final String boundary = "crescendo-" + UUID.randomUUID();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  Multipart field(String name, String value) {
    write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
    write(value + "\r\n");
    return this;
  }

  Multipart file(String name, String filename, String type, byte[] content) {
    write(
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + name
            + "\"; filename=\""
            + filename
            + "\"\r\nContent-Type: "
            + type
            + "\r\n\r\n");
    body.writeBytes(content);
    write("\r\n");
    return this;
  }

  /** Sends this form through the gateway, as the frontend does (POST to create, PUT to edit). */
  HttpResponse<String> send(LocalStack stack, String method, String path, String bearer)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", contentType())
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body()));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return LocalStack.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The finished body; call once, after the last part. */
  byte[] body() {
    write("--" + boundary + "--\r\n");
    return body.toByteArray();
  }

  private void write(String text) {
    body.writeBytes(text.getBytes(UTF_8));
  }
}

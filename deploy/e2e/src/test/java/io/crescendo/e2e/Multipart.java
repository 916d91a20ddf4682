package io.crescendo.e2e;

import io.crescendo.local.http.MultipartForm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A multipart/form-data body as the frontend's FormData sends it (study create and edit). */
final class Multipart {

  private final MultipartForm form = new MultipartForm();

  Multipart field(String name, String value) {
    form.field(name, value);
    return this;
  }

  Multipart file(String name, String filename, String type, byte[] content) {
    form.file(name, filename, type, content);
    return this;
  }

  /** Sends this form through the gateway, as the frontend does (POST to create, PUT to edit). */
  HttpResponse<String> send(LocalStack stack, String method, String path, String bearer)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", form.contentType())
            .method(method, HttpRequest.BodyPublishers.ofByteArray(form.body()));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return LocalStack.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}

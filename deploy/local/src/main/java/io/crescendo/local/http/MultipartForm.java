package io.crescendo.local.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body as the frontend's {@code FormData} sends it (study create and
 * edit): text fields and files, in the order added. Used by the launcher's demo data and by the
 * black-box test suites.
 */
public final class MultipartForm {

  private final String boundary = "crescendo-" + UUID.randomUUID();
  private final ByteArrayOutputStream parts = new ByteArrayOutputStream();

  public MultipartForm field(String name, String value) {
    return part("Content-Disposition: form-data; name=\"" + name + "\"\r\n", value.getBytes(UTF_8));
  }

  public MultipartForm file(String name, String fileName, String contentType, byte[] content) {
    return part(
        "Content-Disposition: form-data; name=\""
            + name
            + "\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: "
            + contentType
            + "\r\n",
        content);
  }

  /** The {@code Content-Type} header naming this body's boundary. */
  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The body: every part so far, then the closing boundary (more parts may still be added). */
  public byte[] body() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(parts.toByteArray());
    all.writeBytes(("--" + boundary + "--\r\n").getBytes(UTF_8));
    return all.toByteArray();
  }

  private MultipartForm part(String headers, byte[] content) {
    parts.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(UTF_8));
    parts.writeBytes(content);
    parts.writeBytes("\r\n".getBytes(UTF_8));
    return this;
  }
}

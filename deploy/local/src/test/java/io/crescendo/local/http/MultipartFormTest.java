package io.crescendo.local.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MultipartFormTest {

  @Test
  void partsInOrderThenTheClosingBoundary() {
    MultipartForm form =
        new MultipartForm()
            .field("post_title", "알고리즘")
            .file("head_image", "a.png", "image/png", new byte[] {1, 2});
    String boundary = form.contentType().substring("multipart/form-data; boundary=".length());

    assertThat(new String(form.body(), UTF_8))
        .isEqualTo(
            "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"post_title\"\r\n\r\n알고리즘\r\n"
                + "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"head_image\"; filename=\"a.png\""
                + "\r\nContent-Type: image/png\r\n\r\n\u0001\u0002\r\n"
                + "--"
                + boundary
                + "--\r\n");
  }

  @Test
  void eachFormHasItsOwnBoundary() {
    assertThat(new MultipartForm().contentType()).isNotEqualTo(new MultipartForm().contentType());
  }
}

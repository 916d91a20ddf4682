package io.crescendo.study.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** Images are recognised by their first bytes and stored and found only under generated names. */
class HeadImagesTest {

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
  private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0};

  @TempDir Path root;

  @Test
  void onlyPngAndJpegSignaturesAreImages() {
    assertThat(ImageType.detect(PNG)).contains(ImageType.PNG);
    assertThat(ImageType.detect(JPEG)).contains(ImageType.JPEG);
    assertThat(ImageType.detect("GIF89a....".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    assertThat(ImageType.detect("<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
    assertThat(ImageType.detect(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).isEmpty();
    assertThat(ImageType.detect(new byte[0])).isEmpty();
  }

  @Test
  void anImageIsStoredUnderAGeneratedNameAndFoundByIt() throws IOException {
    HeadImages images = images();
    String name = images.store(PNG, ImageType.PNG);

    assertThat(name).matches("[0-9a-f]{32}\\.png");
    assertThat(images.stored(name))
        .hasValueSatisfying(
            image -> {
              assertThat(image.type()).isEqualTo(ImageType.PNG);
              assertThat(image.path()).hasBinaryContent(PNG);
            });
    try (var files = Files.list(root.resolve("images"))) {
      assertThat(files.toList()).hasSize(1); // no temporary file left behind
    }

    images.delete(name);
    assertThat(images.stored(name)).isEmpty();
  }

  @Test
  void namesOtherThanGeneratedOnesAreNeverResolved() throws IOException {
    Files.writeString(root.resolve("secret.png"), "secret");
    HeadImages images = images();
    for (String name :
        new String[] {
          "../secret.png",
          "..",
          "secret.png",
          "/etc/passwd",
          "0123456789abcdef0123456789abcdef.gif",
          "0123456789ABCDEF0123456789ABCDEF.png",
          null
        }) {
      assertThat(images.stored(name)).as(String.valueOf(name)).isEmpty();
      images.delete(name);
    }
    assertThat(root.resolve("secret.png")).exists();
  }

  private HeadImages images() {
    return new HeadImages(new ImageProperties(root.resolve("images"), DataSize.ofMegabytes(5)));
  }
}

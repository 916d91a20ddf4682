package io.crescendo.study.image;

import java.util.Arrays;
import java.util.Optional;
import org.springframework.http.MediaType;

/** The accepted head image formats, recognised by their first bytes (never by name or header). */
public enum ImageType {
  PNG("png", MediaType.IMAGE_PNG, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}),
  JPEG("jpg", MediaType.IMAGE_JPEG, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff});

  private final String extension;
  private final MediaType mediaType;
  private final byte[] magic;

  ImageType(String extension, MediaType mediaType, byte[] magic) {
    this.extension = extension;
    this.mediaType = mediaType;
    this.magic = magic;
  }

  public String extension() {
    return extension;
  }

  public MediaType mediaType() {
    return mediaType;
  }

  /** The format these bytes start with, if accepted. */
  public static Optional<ImageType> detect(byte[] content) {
    return Arrays.stream(values())
        .filter(
            type ->
                content.length > type.magic.length
                    && Arrays.equals(
                        content, 0, type.magic.length, type.magic, 0, type.magic.length))
        .findFirst();
  }

  /** The format of a stored name's extension. */
  static Optional<ImageType> ofExtension(String extension) {
    return Arrays.stream(values()).filter(t -> t.extension.equals(extension)).findFirst();
  }
}

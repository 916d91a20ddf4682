package io.crescendo.study.image;

/** An uploaded image beyond the size limit. 413 {@code {"detail": ...}}. */
public class ImageTooLarge extends RuntimeException {

  public ImageTooLarge(long maxBytes) {
    super("The image is too large (at most " + maxBytes / (1024 * 1024) + " MB).");
  }
}

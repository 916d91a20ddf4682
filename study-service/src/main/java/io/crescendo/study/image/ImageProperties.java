package io.crescendo.study.image;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Where head images are stored and how large they may be.
 *
 * @param imageDir the directory of the stored images ({@code crescendo.study.image-dir})
 * @param maxImageSize the largest accepted upload; larger → 413
 */
@ConfigurationProperties("crescendo.study")
public record ImageProperties(Path imageDir, DataSize maxImageSize) {

  public ImageProperties {
    if (imageDir == null) {
      imageDir = Path.of(".crescendo", "images");
    }
    if (maxImageSize == null) {
      maxImageSize = DataSize.ofMegabytes(5);
    }
  }
}

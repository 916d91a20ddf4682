package io.crescendo.study.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The stored head images: read an upload within the size limit, store it under a generated name (32
 * hex digits and the format's extension; never the client's file name), find and delete stored
 * images. Only names of that form are ever resolved, so no path can leave the image directory.
 */
@Component
public class HeadImages {

  private static final Logger log = LoggerFactory.getLogger(HeadImages.class);
  private static final Pattern STORED_NAME = Pattern.compile("([0-9a-f]{32})\\.(png|jpg)");

  private final Path directory;
  private final long maxBytes;

  HeadImages(ImageProperties properties) {
    this.directory = properties.imageDir().toAbsolutePath().normalize();
    this.maxBytes = properties.maxImageSize().toBytes();
  }

  /** The upload's bytes; {@link ImageTooLarge} beyond the limit. Empty content → empty array. */
  public Mono<byte[]> read(FilePart part) {
    return DataBufferUtils.join(part.content(), (int) Math.min(Integer.MAX_VALUE, maxBytes))
        .map(
            buffer -> {
              try {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                return bytes;
              } finally {
                DataBufferUtils.release(buffer);
              }
            })
        .defaultIfEmpty(new byte[0])
        .onErrorMap(DataBufferLimitException.class, e -> new ImageTooLarge(maxBytes));
  }

  /** Stores a checked image under a new name and returns the name (blocking). */
  public String store(byte[] content, ImageType type) {
    String name = UUID.randomUUID().toString().replace("-", "") + "." + type.extension();
    try {
      Files.createDirectories(directory);
      Path temporary = Files.createTempFile(directory, ".upload-", ".tmp");
      Files.write(temporary, content);
      try {
        Files.move(temporary, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, directory.resolve(name));
      }
      return name;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a stored image; unknown or malformed names are ignored (blocking). */
  public void delete(String name) {
    stored(name)
        .ifPresent(
            image -> {
              try {
                Files.deleteIfExists(image.path());
              } catch (IOException e) {
                log.warn("Could not delete head image {}", name, e);
              }
            });
  }

  /** A stored image by its name, if the name has the generated form and the file exists. */
  public Optional<StoredImage> stored(String name) {
    if (name == null) {
      return Optional.empty();
    }
    Matcher matcher = STORED_NAME.matcher(name);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    Path path = directory.resolve(name);
    if (!path.normalize().startsWith(directory) || !Files.isRegularFile(path)) {
      return Optional.empty();
    }
    return ImageType.ofExtension(matcher.group(2)).map(type -> new StoredImage(path, type));
  }

  /** The directory of the stored images. */
  public Path directory() {
    return directory;
  }

  /** A stored image file and its format. */
  public record StoredImage(Path path, ImageType type) {}
}

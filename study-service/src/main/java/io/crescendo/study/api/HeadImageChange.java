package io.crescendo.study.api;

/**
 * What an edit does to the head image: show a newly stored image, or remove the image so that the
 * default picture is shown again. An edit without a change carries no {@code HeadImageChange}.
 *
 * @param storedName the stored image's name, or null to remove the image
 */
public record HeadImageChange(String storedName) {

  public HeadImageChange {
    if (storedName != null && storedName.isBlank()) {
      throw new IllegalArgumentException("storedName must be null or non-blank");
    }
  }

  public static HeadImageChange replaceWith(String storedName) {
    if (storedName == null) {
      throw new IllegalArgumentException("storedName");
    }
    return new HeadImageChange(storedName);
  }

  public static HeadImageChange remove() {
    return new HeadImageChange(null);
  }
}

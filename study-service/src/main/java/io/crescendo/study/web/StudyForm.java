package io.crescendo.study.web;

import io.crescendo.study.api.StudyGroupDetails;
import io.crescendo.study.image.HeadImages;
import io.crescendo.study.image.ImageType;
import io.crescendo.web.request.RequestFields.Fields;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.codec.multipart.FilePart;
import reactor.core.publisher.Mono;

/**
 * Reads a study form (API-v1 §5.3.2, §5.3.4, §5.3.5; JSON per §9.3): the shape of each field
 * (present, text of bounded length, integer, {@code YYYY-MM-DD} date, list of names) and the head
 * image. The rules of the study itself (categories, date order, member count) are the aggregate's.
 */
final class StudyForm {

  static final int POST_TITLE_MAX = 64;
  static final int STUDY_NAME_MAX = 80;

  /** Before sanitizing; the aggregate bounds the sanitized post. */
  static final int POST_CONTENT_MAX = 200_000;

  static final int NAME_MAX = 20;
  static final int CATEGORY_MAX = 64;

  static final String HEAD_IMAGE = "head_image";
  static final String NOT_AN_IMAGE =
      "Upload a valid image. The file you uploaded was either not an image or a corrupted image.";
  static final String NOT_A_FILE =
      "The submitted data was not a file. Check the encoding type on the form.";

  private StudyForm() {}

  /** How the form is read. */
  enum Mode {
    /** Every field required except tags and the image. */
    CREATE,
    /** As create; an empty image part removes the image. */
    REPLACE,
    /** Every field optional; omitted ones keep their value. */
    PATCH
  }

  /** The details as sent; shape errors are recorded in {@code fields}. */
  static StudyGroupDetails details(Fields fields, Mode mode) {
    boolean partial = mode == Mode.PATCH;
    String postTitle = text(fields, "post_title", POST_TITLE_MAX, partial);
    String studyName = text(fields, "study_name", STUDY_NAME_MAX, partial);
    String postContent = text(fields, "post_content", POST_CONTENT_MAX, partial);
    Integer memberLimit =
        partial
            ? fields.optionalInteger("member_limit", Integer.MIN_VALUE, Integer.MAX_VALUE)
            : fields.requiredInteger("member_limit", Integer.MIN_VALUE, Integer.MAX_VALUE);
    LocalDate deadline = date(fields, "deadline", partial);
    LocalDate startDate = date(fields, "start_date", partial);
    LocalDate endDate = date(fields, "end_date", partial);
    List<String> categories =
        partial && !fields.contains("categories")
            ? null
            : fields.stringList("categories", CATEGORY_MAX);
    List<String> tags =
        partial && !fields.contains("tags") ? null : fields.stringList("tags", NAME_MAX);
    return new StudyGroupDetails(
        postTitle,
        studyName,
        postContent,
        categories,
        tags,
        memberLimit,
        startDate,
        endDate,
        deadline);
  }

  /**
   * The head image part: a file with content is an upload (checked by its first bytes, read within
   * the size limit); an empty file part or an empty text value means "no image" on create and
   * "remove the image" on edit; absent leaves it as it is. Errors are recorded in {@code fields}.
   */
  static Mono<ImageInput> image(Fields fields, HeadImages images, Mode mode) {
    ImageInput empty = mode == Mode.CREATE ? ImageInput.UNCHANGED : ImageInput.REMOVE;
    if (fields.file(HEAD_IMAGE).isPresent()) {
      FilePart part = fields.file(HEAD_IMAGE).get();
      return images
          .read(part)
          .map(
              content -> {
                if (part.filename().isEmpty() || content.length == 0) {
                  return empty;
                }
                return ImageType.detect(content)
                    .<ImageInput>map(type -> new ImageInput.Upload(content, type))
                    .orElseGet(
                        () -> {
                          fields.reject(HEAD_IMAGE, NOT_AN_IMAGE);
                          return ImageInput.UNCHANGED;
                        });
              });
    }
    if (fields.isBlank(HEAD_IMAGE)) {
      return Mono.just(empty);
    }
    if (fields.contains(HEAD_IMAGE)) {
      fields.reject(HEAD_IMAGE, NOT_A_FILE);
    }
    return Mono.just(ImageInput.UNCHANGED);
  }

  private static String text(Fields fields, String field, int max, boolean partial) {
    return partial ? fields.optionalString(field, max) : fields.requiredString(field, max);
  }

  private static LocalDate date(Fields fields, String field, boolean partial) {
    return partial && !fields.contains(field) ? null : fields.requiredDate(field);
  }

  /** What the form asks of the head image. */
  sealed interface ImageInput {

    ImageInput UNCHANGED = new Unchanged();
    ImageInput REMOVE = new Remove();

    /** Leave it (or none, on create). */
    record Unchanged() implements ImageInput {}

    /** Remove the uploaded image: the default picture is shown again. */
    record Remove() implements ImageInput {}

    /** Show this checked image. */
    record Upload(byte[] content, ImageType type) implements ImageInput {}
  }
}

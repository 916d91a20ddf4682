package io.crescendo.study.api;

import java.time.LocalDate;
import java.util.List;

/**
 * The editable fields of a study group, as a caller proposes them (API-v1 §5.3.2). Any component
 * may be null: in a create or full update it is then missing (a field error, except {@code tags},
 * which defaults to none); in a partial update it keeps its current value. The aggregate validates
 * and normalises them; the stored and published values are the normalised ones.
 *
 * @param postContent Quill HTML; sanitized before it is stored
 * @param categories category names (at least one, see {@code StudyCategories})
 * @param tags tag names, each 1-20 characters; duplicates collapse
 */
public record StudyGroupDetails(
    String postTitle,
    String studyName,
    String postContent,
    List<String> categories,
    List<String> tags,
    Integer memberLimit,
    LocalDate startDate,
    LocalDate endDate,
    LocalDate deadline) {

  /** A partial update that changes no field. */
  public static StudyGroupDetails unchanged() {
    return new StudyGroupDetails(null, null, null, null, null, null, null, null, null);
  }

  /** These changes on top of {@code current}: every null component keeps the current value. */
  public StudyGroupDetails over(StudyGroupDetails current) {
    return new StudyGroupDetails(
        postTitle != null ? postTitle : current.postTitle(),
        studyName != null ? studyName : current.studyName(),
        postContent != null ? postContent : current.postContent(),
        categories != null ? categories : current.categories(),
        tags != null ? tags : current.tags(),
        memberLimit != null ? memberLimit : current.memberLimit(),
        startDate != null ? startDate : current.startDate(),
        endDate != null ? endDate : current.endDate(),
        deadline != null ? deadline : current.deadline());
  }
}

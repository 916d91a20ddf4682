package io.crescendo.assignment.projection;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Queries on the live assignments and submissions (blocking). */
@Component
public class AssignmentViews {

  private final JdbcClient jdbc;

  AssignmentViews(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A live assignment as far as routing needs it. */
  public record AssignmentRef(long assignmentId, UUID studyId, String title, String content) {}

  /** A live submission as far as routing needs it. */
  public record SubmissionRef(
      long submissionId,
      long assignmentId,
      UUID studyId,
      UUID authorId,
      String title,
      String content) {}

  public Optional<AssignmentRef> assignment(long assignmentId) {
    return jdbc.sql(
            "select assignment_id, study_id, title, content from assignment_view"
                + " where assignment_id = ?")
        .param(assignmentId)
        .query(
            (rs, n) ->
                new AssignmentRef(
                    rs.getLong("assignment_id"),
                    rs.getObject("study_id", UUID.class),
                    rs.getString("title"),
                    rs.getString("content")))
        .optional();
  }

  public Optional<SubmissionRef> submission(long submissionId) {
    return jdbc.sql(
            "select submission_id, assignment_id, study_id, author_id, title, content"
                + " from submission_view where submission_id = ?")
        .param(submissionId)
        .query(
            (rs, n) ->
                new SubmissionRef(
                    rs.getLong("submission_id"),
                    rs.getLong("assignment_id"),
                    rs.getObject("study_id", UUID.class),
                    rs.getObject("author_id", UUID.class),
                    rs.getString("title"),
                    rs.getString("content")))
        .optional();
  }

  public List<Long> assignmentIdsOf(UUID studyId) {
    return jdbc.sql("select assignment_id from assignment_view where study_id = ? order by 1")
        .param(studyId)
        .query(Long.class)
        .list();
  }

  public List<Long> submissionIdsOf(long assignmentId) {
    return jdbc.sql("select submission_id from submission_view where assignment_id = ? order by 1")
        .param(assignmentId)
        .query(Long.class)
        .list();
  }

  public List<Long> submissionIdsOfStudy(UUID studyId) {
    return jdbc.sql("select submission_id from submission_view where study_id = ? order by 1")
        .param(studyId)
        .query(Long.class)
        .list();
  }

  public List<Long> submissionIdsBy(UUID authorId) {
    return jdbc.sql("select submission_id from submission_view where author_id = ? order by 1")
        .param(authorId)
        .query(Long.class)
        .list();
  }
}

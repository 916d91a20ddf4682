package io.crescendo.search.projection;

import static io.crescendo.search.projection.Projections.time;

import io.crescendo.events.assignment.AssignmentCreated;
import io.crescendo.events.assignment.AssignmentDeleted;
import io.crescendo.events.assignment.AssignmentEvent;
import io.crescendo.events.assignment.AssignmentUpdated;
import io.crescendo.events.assignment.SubmissionCreated;
import io.crescendo.events.assignment.SubmissionDeleted;
import io.crescendo.events.assignment.SubmissionEvent;
import io.crescendo.events.assignment.SubmissionUpdated;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code search_assignment} and {@code search_submission} from the assignment and submission
 * events. The two topics (and the study topic) are read independently: a submission may arrive
 * before its assignment (it is kept, and shows once the assignment is known) or after the
 * assignment was deleted (it is kept until its own {@code SubmissionDeleted}, which
 * assignment-service publishes for every submission of a deleted assignment, and the reads never
 * show it meanwhile).
 */
final class AssignmentProjection {

  private final JdbcClient jdbc;
  private final Tombstones tombstones;

  AssignmentProjection(JdbcClient jdbc, Tombstones tombstones) {
    this.jdbc = jdbc;
    this.tombstones = tombstones;
  }

  void apply(AssignmentEvent event) {
    switch (event) {
      case AssignmentCreated e -> {
        // locks in the order user → study → assignment (Tombstones)
        if (tombstones.isUser(e.authorId())) {
          // the author led the study, which goes with the account
          tombstones.buryStudy(e.studyId());
          return;
        }
        if (tombstones.isStudy(e.studyId()) || tombstones.isAssignment(e.assignmentId())) {
          return;
        }
        jdbc.sql(
                """
                insert into search_assignment
                    (assignment_id, study_id, author_id, title, content, created_at, updated_at)
                values (:id, :study, :author, :title, :content, :at, :at)
                on conflict (assignment_id) do nothing
                """)
            .param("id", e.assignmentId())
            .param("study", e.studyId())
            .param("author", e.authorId())
            .param("title", e.title())
            .param("content", e.content())
            .param("at", time(e.occurredAt()))
            .update();
      }
      case AssignmentUpdated e ->
          jdbc.sql(
                  """
                  update search_assignment set title = :title, content = :content, updated_at = :at
                   where assignment_id = :id
                  """)
              .param("id", e.assignmentId())
              .param("title", e.title())
              .param("content", e.content())
              .param("at", time(e.occurredAt()))
              .update();
      case AssignmentDeleted e -> tombstones.buryAssignment(e.assignmentId());
    }
  }

  void apply(SubmissionEvent event) {
    switch (event) {
      case SubmissionCreated e -> {
        if (tombstones.isUser(e.authorId())
            || tombstones.isStudy(e.studyId())
            || tombstones.isAssignment(e.assignmentId())) {
          return;
        }
        jdbc.sql(
                """
                insert into search_submission
                    (submission_id, assignment_id, study_id, author_id, title, content,
                     created_at, updated_at)
                values (:id, :assignment, :study, :author, :title, :content, :at, :at)
                on conflict (submission_id) do nothing
                """)
            .param("id", e.submissionId())
            .param("assignment", e.assignmentId())
            .param("study", e.studyId())
            .param("author", e.authorId())
            .param("title", e.title())
            .param("content", e.content())
            .param("at", time(e.occurredAt()))
            .update();
      }
      case SubmissionUpdated e ->
          jdbc.sql(
                  """
                  update search_submission set title = :title, content = :content, updated_at = :at
                   where submission_id = :id
                  """)
              .param("id", e.submissionId())
              .param("title", e.title())
              .param("content", e.content())
              .param("at", time(e.occurredAt()))
              .update();
      case SubmissionDeleted e ->
          jdbc.sql("delete from search_submission where submission_id = :id")
              .param("id", e.submissionId())
              .update();
    }
  }

  /** assignment-service deletes the submissions of a deleted account. */
  void deleteSubmissionsBy(UUID user) {
    jdbc.sql("delete from search_submission where author_id = :user").param("user", user).update();
  }
}

package io.crescendo.assignment.projection;

import io.crescendo.events.assignment.AssignmentCreated;
import io.crescendo.events.assignment.AssignmentDeleted;
import io.crescendo.events.assignment.AssignmentEvent;
import io.crescendo.events.assignment.AssignmentUpdated;
import io.crescendo.events.assignment.SubmissionCreated;
import io.crescendo.events.assignment.SubmissionDeleted;
import io.crescendo.events.assignment.SubmissionEvent;
import io.crescendo.events.assignment.SubmissionUpdated;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code assignment_view} and {@code submission_view} in step with the events. Its processing
 * group is subscribing (application.yml): it writes in the command's own transaction, so the next
 * request already sees the effect, and a failing write rolls the command back.
 */
@Component
@ProcessingGroup(AssignmentViewProjection.PROCESSING_GROUP)
class AssignmentViewProjection {

  static final String PROCESSING_GROUP = "assignment-views";

  private final JdbcClient jdbc;

  AssignmentViewProjection(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @EventHandler
  void on(AssignmentEvent event) {
    switch (event) {
      case AssignmentCreated e ->
          jdbc.sql(
                  """
                  insert into assignment_view (assignment_id, study_id, author_id, title, content,
                    created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)
                  """)
              .params(
                  e.assignmentId(),
                  e.studyId(),
                  e.authorId(),
                  e.title(),
                  e.content(),
                  Timestamp.from(e.occurredAt()),
                  Timestamp.from(e.occurredAt()))
              .update();
      case AssignmentUpdated e ->
          jdbc.sql(
                  "update assignment_view set title = ?, content = ?, updated_at = ?"
                      + " where assignment_id = ?")
              .params(e.title(), e.content(), Timestamp.from(e.occurredAt()), e.assignmentId())
              .update();
      case AssignmentDeleted e ->
          jdbc.sql("delete from assignment_view where assignment_id = ?")
              .param(e.assignmentId())
              .update();
    }
  }

  @EventHandler
  void on(SubmissionEvent event) {
    switch (event) {
      case SubmissionCreated e ->
          jdbc.sql(
                  """
                  insert into submission_view (submission_id, assignment_id, study_id, author_id,
                    title, content, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)
                  """)
              .params(
                  e.submissionId(),
                  e.assignmentId(),
                  e.studyId(),
                  e.authorId(),
                  e.title(),
                  e.content(),
                  Timestamp.from(e.occurredAt()),
                  Timestamp.from(e.occurredAt()))
              .update();
      case SubmissionUpdated e ->
          jdbc.sql(
                  "update submission_view set title = ?, content = ?, updated_at = ?"
                      + " where submission_id = ?")
              .params(e.title(), e.content(), Timestamp.from(e.occurredAt()), e.submissionId())
              .update();
      case SubmissionDeleted e ->
          jdbc.sql("delete from submission_view where submission_id = ?")
              .param(e.submissionId())
              .update();
    }
  }
}

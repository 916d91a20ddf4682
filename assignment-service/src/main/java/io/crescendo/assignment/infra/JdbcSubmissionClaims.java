package io.crescendo.assignment.infra;

import io.crescendo.assignment.command.SubmissionClaims;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code submission_claim} rows, written through the service's JDBC connection and therefore in the
 * transaction of the command that writes the submission's events (Axon's transaction manager is the
 * service's JDBC one): a refused or failed command leaves no claim behind.
 */
@Component
class JdbcSubmissionClaims implements SubmissionClaims {

  private final JdbcClient jdbc;

  JdbcSubmissionClaims(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean claim(long assignmentId, UUID userId, long submissionId) {
    return jdbc.sql(
                """
                insert into submission_claim (assignment_id, user_id, submission_id)
                values (?, ?, ?) on conflict do nothing
                """)
            .params(assignmentId, userId, submissionId)
            .update()
        == 1;
  }

  @Override
  public void release(long assignmentId, UUID userId) {
    jdbc.sql("delete from submission_claim where assignment_id = ? and user_id = ?")
        .params(assignmentId, userId)
        .update();
  }
}

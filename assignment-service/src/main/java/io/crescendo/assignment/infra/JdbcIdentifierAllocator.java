package io.crescendo.assignment.infra;

import io.crescendo.assignment.command.IdentifierAllocator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ids from the PostgreSQL sequence of {@code V100__identifiers.sql}: unique across studies,
 * replicas and both aggregate types; ids of failed commands are skipped, not reused.
 */
@Component
class JdbcIdentifierAllocator implements IdentifierAllocator {

  private final JdbcClient jdbc;

  JdbcIdentifierAllocator(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public long nextAssignmentId() {
    return next();
  }

  @Override
  public long nextSubmissionId() {
    return next();
  }

  private long next() {
    return jdbc.sql("select nextval('assignment_service_id_seq')").query(Long.class).single();
  }
}

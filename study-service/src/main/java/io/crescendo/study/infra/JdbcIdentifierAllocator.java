package io.crescendo.study.infra;

import io.crescendo.study.command.IdentifierAllocator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ids from the PostgreSQL sequences of {@code V100__identifiers.sql}: unique across studies and
 * replicas; ids of failed commands are skipped, not reused.
 */
@Component
class JdbcIdentifierAllocator implements IdentifierAllocator {

  private final JdbcClient jdbc;

  JdbcIdentifierAllocator(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public long nextMembershipId() {
    return next("study_membership_id_seq");
  }

  @Override
  public long nextRequestId() {
    return next("study_join_request_id_seq");
  }

  private long next(String sequence) {
    return jdbc.sql("select nextval('" + sequence + "')").query(Long.class).single();
  }
}

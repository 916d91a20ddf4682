package io.crescendo.search.projection;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deleted accounts, studies and assignments ({@code search_deleted_*}). Burying one deletes what
 * hangs on it at once — as the cascades of study-service and assignment-service will, whose events
 * then find nothing left to do — and keeps what arrives later on another topic from being created.
 * A row therefore exists exactly when its creation was read, its own deletion was not, and nothing
 * above it is buried, whatever the order in which the topics were read.
 *
 * <p>The subscriptions apply their records concurrently (one thread each, a rebuild with several
 * workers), so a check and a burial of the same id are serialized: a check takes a shared, a burial
 * an exclusive transaction-level advisory lock on the id. Either the creation commits first and the
 * burial deletes it, or the burial commits first and the check sees it. Locks are taken before any
 * write of the transaction and in the order user → study → assignment, and never upgraded, so that
 * they cannot deadlock.
 */
final class Tombstones {

  /** Advisory lock classes (the two-key space, apart from single-key locks). */
  private static final int USER = 0x5EA0_0001;

  private static final int STUDY = 0x5EA0_0002;
  private static final int ASSIGNMENT = 0x5EA0_0003;

  private final JdbcClient jdbc;

  Tombstones(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  boolean isUser(UUID user) {
    lock(USER, user, false);
    return exists("select 1 from search_deleted_user where user_id = :id", user);
  }

  boolean isStudy(UUID study) {
    lock(STUDY, study, false);
    return exists("select 1 from search_deleted_study where study_id = :id", study);
  }

  boolean isAssignment(long assignment) {
    lock(ASSIGNMENT, assignment, false);
    return exists("select 1 from search_deleted_assignment where assignment_id = :id", assignment);
  }

  /** The first statement of an account deletion: takes its lock. */
  void buryUser(UUID user, OffsetDateTime at) {
    lock(USER, user, true);
    jdbc.sql(
            """
            insert into search_deleted_user (user_id, deleted_at) values (:id, :at)
            on conflict (user_id) do nothing
            """)
        .param("id", user)
        .param("at", at)
        .update();
  }

  /**
   * The study with its memberships and requests (foreign keys), its assignments and submissions
   * (assignment-service deletes them after the study, each with its own event).
   */
  void buryStudy(UUID study) {
    lock(STUDY, study, true);
    jdbc.sql("insert into search_deleted_study (study_id) values (:id) on conflict do nothing")
        .param("id", study)
        .update();
    jdbc.sql("delete from search_submission where study_id = :id").param("id", study).update();
    jdbc.sql("delete from search_assignment where study_id = :id").param("id", study).update();
    jdbc.sql("delete from search_study where study_id = :id").param("id", study).update();
  }

  /** The assignment with its submissions (their own deletions follow from assignment-service). */
  void buryAssignment(long assignment) {
    lock(ASSIGNMENT, assignment, true);
    jdbc.sql(
            "insert into search_deleted_assignment (assignment_id) values (:id)"
                + " on conflict do nothing")
        .param("id", assignment)
        .update();
    jdbc.sql("delete from search_submission where assignment_id = :id")
        .param("id", assignment)
        .update();
    jdbc.sql("delete from search_assignment where assignment_id = :id")
        .param("id", assignment)
        .update();
  }

  /** Until the end of the transaction; held exclusively by a burial, shared by checks. */
  private void lock(int kind, Object id, boolean exclusive) {
    jdbc.sql(
            "select 1 from "
                + (exclusive ? "pg_advisory_xact_lock" : "pg_advisory_xact_lock_shared")
                + "(:kind, hashtext(:id))")
        .param("kind", kind)
        .param("id", id.toString())
        .query()
        .listOfRows();
  }

  private boolean exists(String sql, Object id) {
    return !jdbc.sql(sql).param("id", id).query().listOfRows().isEmpty();
  }
}

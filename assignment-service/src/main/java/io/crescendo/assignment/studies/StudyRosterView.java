package io.crescendo.assignment.studies;

import io.crescendo.assignment.command.StudyRoster;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The studies assignment-service knows ({@code study_roster}, {@code study_member}), fed from
 * {@code crescendo.study.studygroup.v1}. Every write is idempotent, so a redelivered event changes
 * nothing.
 */
@Component
public class StudyRosterView implements StudyRoster {

  private final JdbcClient jdbc;

  StudyRosterView(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A live study as the web layer needs it. */
  public record Study(UUID studyId, UUID leaderId, LocalDate startDate) {}

  /** The study unless unknown or deleted. */
  public Optional<Study> find(UUID studyId) {
    return jdbc.sql(
            "select study_id, leader_id, start_date from study_roster"
                + " where study_id = ? and not deleted")
        .param(studyId)
        .query(
            (rs, n) ->
                new Study(
                    rs.getObject("study_id", UUID.class),
                    rs.getObject("leader_id", UUID.class),
                    rs.getObject("start_date", LocalDate.class)))
        .optional();
  }

  @Override
  public boolean isLeader(UUID studyId, UUID user) {
    return find(studyId).map(s -> s.leaderId().equals(user)).orElse(false);
  }

  @Override
  public boolean isMember(UUID studyId, UUID user) {
    return jdbc.sql(
                """
            select count(*) from study_member m join study_roster s using (study_id)
            where m.study_id = ? and m.user_id = ? and not s.deleted
            """)
            .params(studyId, user)
            .query(Long.class)
            .single()
        > 0;
  }

  @Override
  public Optional<LocalDate> startDate(UUID studyId) {
    return find(studyId).map(Study::startDate);
  }

  void created(UUID studyId, UUID leaderId, long leaderMembershipId, LocalDate startDate) {
    jdbc.sql(
            """
            insert into study_roster (study_id, leader_id, start_date) values (?, ?, ?)
            on conflict (study_id) do update
              set leader_id = excluded.leader_id, start_date = excluded.start_date
            """)
        .params(studyId, leaderId, startDate)
        .update();
    joined(studyId, leaderMembershipId, leaderId);
  }

  void startsOn(UUID studyId, LocalDate startDate) {
    jdbc.sql("update study_roster set start_date = ? where study_id = ?")
        .params(startDate, studyId)
        .update();
  }

  void joined(UUID studyId, long membershipId, UUID userId) {
    jdbc.sql(
            """
            insert into study_member (membership_id, study_id, user_id)
            select ?, study_id, ? from study_roster where study_id = ?
            on conflict (membership_id) do nothing
            """)
        .params(membershipId, userId, studyId)
        .update();
  }

  void left(long membershipId) {
    jdbc.sql("delete from study_member where membership_id = ?").param(membershipId).update();
  }

  /** Keeps a tombstone, drops the members. */
  void deleted(UUID studyId) {
    jdbc.sql("update study_roster set deleted = true where study_id = ?").param(studyId).update();
    jdbc.sql("delete from study_member where study_id = ?").param(studyId).update();
  }
}

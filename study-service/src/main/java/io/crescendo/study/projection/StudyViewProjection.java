package io.crescendo.study.projection;

import io.crescendo.events.study.HeadImageChanged;
import io.crescendo.events.study.JoinRequestApproved;
import io.crescendo.events.study.JoinRequestRejected;
import io.crescendo.events.study.JoinRequestWithdrawn;
import io.crescendo.events.study.JoinRequested;
import io.crescendo.events.study.MemberRemoved;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.events.study.StudyGroupDeleted;
import io.crescendo.events.study.StudyGroupEvent;
import io.crescendo.events.study.StudyGroupUpdated;
import java.sql.Timestamp;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the study views ({@code study_view}, {@code study_membership_view}, {@code
 * study_join_request_view}) in step with the StudyGroup events. Its processing group is subscribing
 * (application.yml): it writes in the command's own transaction, so an HTTP answer built from the
 * views right after the command already shows its effect, and a failing write rolls the command
 * back.
 */
@Component
@ProcessingGroup(StudyViewProjection.PROCESSING_GROUP)
class StudyViewProjection {

  static final String PROCESSING_GROUP = "study-views";

  private final JdbcClient jdbc;

  StudyViewProjection(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @EventHandler
  void on(StudyGroupEvent event, @SequenceNumber long sequence) {
    switch (event) {
      case StudyGroupCreated e -> insert(e, sequence);
      case StudyGroupUpdated e -> update(e, sequence);
      case HeadImageChanged e -> changeImage(e, sequence);
      case StudyGroupDeleted e ->
          jdbc.sql("delete from study_view where study_id = ?").param(e.studyId()).update();
      case JoinRequested e -> requested(e, sequence);
      case JoinRequestApproved e -> approved(e, sequence);
      case JoinRequestRejected e -> decided(e.studyId(), e.requestId(), "REJECTED", e, sequence);
      case JoinRequestWithdrawn e -> withdrawn(e, sequence);
      case MemberRemoved e -> removed(e, sequence);
    }
  }

  private void insert(StudyGroupCreated e, long sequence) {
    Timestamp at = Timestamp.from(e.occurredAt());
    jdbc.sql(
            """
            insert into study_view (study_id, leader_id, post_title, study_name, post_content,
              categories, tags, member_limit, member_count, start_date, end_date, deadline,
              head_image, created_at, updated_at, last_sequence)
            values (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            e.studyId(),
            e.leaderId(),
            e.postTitle(),
            e.studyName(),
            e.postContent(),
            e.categories().toArray(String[]::new),
            e.tags().toArray(String[]::new),
            e.memberLimit(),
            e.startDate(),
            e.endDate(),
            e.deadline(),
            e.headImage(),
            at,
            at,
            sequence)
        .update();
    jdbc.sql(
            """
            insert into study_membership_view (membership_id, study_id, user_id, is_leader, joined_at)
            values (?, ?, ?, true, ?)
            """)
        .params(e.leaderMembershipId(), e.studyId(), e.leaderId(), at)
        .update();
  }

  private void update(StudyGroupUpdated e, long sequence) {
    jdbc.sql(
            """
            update study_view set post_title = ?, study_name = ?, post_content = ?, categories = ?,
              tags = ?, member_limit = ?, start_date = ?, end_date = ?, deadline = ?,
              updated_at = ?, last_sequence = ?
            where study_id = ?
            """)
        .params(
            e.postTitle(),
            e.studyName(),
            e.postContent(),
            e.categories().toArray(String[]::new),
            e.tags().toArray(String[]::new),
            e.memberLimit(),
            e.startDate(),
            e.endDate(),
            e.deadline(),
            Timestamp.from(e.occurredAt()),
            sequence,
            e.studyId())
        .update();
  }

  private void changeImage(HeadImageChanged e, long sequence) {
    jdbc.sql(
            "update study_view set head_image = ?, updated_at = ?, last_sequence = ?"
                + " where study_id = ?")
        .params(e.headImage(), Timestamp.from(e.occurredAt()), sequence, e.studyId())
        .update();
  }

  private void requested(JoinRequested e, long sequence) {
    jdbc.sql(
            """
            insert into study_join_request_view
              (request_id, study_id, user_id, request_message, status, requested_at)
            values (?, ?, ?, ?, 'PENDING', ?)
            """)
        .params(
            e.requestId(),
            e.studyId(),
            e.userId(),
            e.requestMessage(),
            Timestamp.from(e.occurredAt()))
        .update();
    touch(e.studyId(), sequence);
  }

  private void approved(JoinRequestApproved e, long sequence) {
    decided(e.studyId(), e.requestId(), "APPROVED", e, sequence);
    jdbc.sql(
            """
            insert into study_membership_view (membership_id, study_id, user_id, is_leader, joined_at)
            values (?, ?, ?, false, ?)
            """)
        .params(e.membershipId(), e.studyId(), e.userId(), Timestamp.from(e.occurredAt()))
        .update();
    countMembers(e.studyId());
  }

  private void decided(UUID study, long request, String status, StudyGroupEvent e, long sequence) {
    jdbc.sql(
            "update study_join_request_view set status = ?, decided_at = ?"
                + " where request_id = ? and study_id = ?")
        .params(status, Timestamp.from(e.occurredAt()), request, study)
        .update();
    touch(study, sequence);
  }

  private void withdrawn(JoinRequestWithdrawn e, long sequence) {
    jdbc.sql("delete from study_join_request_view where request_id = ? and study_id = ?")
        .params(e.requestId(), e.studyId())
        .update();
    touch(e.studyId(), sequence);
  }

  private void removed(MemberRemoved e, long sequence) {
    jdbc.sql("delete from study_membership_view where membership_id = ? and study_id = ?")
        .params(e.membershipId(), e.studyId())
        .update();
    countMembers(e.studyId());
    touch(e.studyId(), sequence);
  }

  private void countMembers(UUID study) {
    jdbc.sql(
            """
            update study_view set member_count =
              (select count(*) from study_membership_view m where m.study_id = study_view.study_id)
            where study_id = ?
            """)
        .param(study)
        .update();
  }

  private void touch(UUID study, long sequence) {
    jdbc.sql("update study_view set last_sequence = ? where study_id = ?")
        .params(sequence, study)
        .update();
  }
}

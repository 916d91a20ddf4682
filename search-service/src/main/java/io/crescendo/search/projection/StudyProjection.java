package io.crescendo.search.projection;

import static io.crescendo.search.projection.Projections.time;

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
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * The study read models ({@code search_study}, {@code search_membership}, {@code
 * search_join_request}, {@code search_tag}) from the study events.
 */
final class StudyProjection {

  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final Tombstones tombstones;

  StudyProjection(DataSource dataSource, JdbcClient jdbc, Tombstones tombstones) {
    this.dataSource = dataSource;
    this.jdbc = jdbc;
    this.tombstones = tombstones;
  }

  void apply(StudyGroupEvent event) {
    switch (event) {
      case StudyGroupCreated e -> created(e);
      case StudyGroupUpdated e -> updated(e);
      case HeadImageChanged e ->
          jdbc.sql(
                  "update search_study set head_image = :image, updated_at = :at where study_id = :id")
              .param("id", e.studyId())
              .param("image", e.headImage())
              .param("at", time(e.occurredAt()))
              .update();
      case StudyGroupDeleted e -> tombstones.buryStudy(e.studyId());
      case JoinRequested e -> {
        if (tombstones.isUser(e.userId())) {
          return;
        }
        jdbc.sql(
                """
                insert into search_join_request
                    (request_id, study_id, user_id, request_message, status, requested_at)
                select :request, :study, :user, :message, 'PENDING', :at
                 where exists (select 1 from search_study where study_id = :study)
                on conflict (request_id) do nothing
                """)
            .param("request", e.requestId())
            .param("study", e.studyId())
            .param("user", e.userId())
            .param("message", e.requestMessage())
            .param("at", time(e.occurredAt()))
            .update();
      }
      case JoinRequestApproved e -> {
        boolean deletedUser = tombstones.isUser(e.userId()); // locks first, then writes
        decide(e.requestId(), "APPROVED", e.occurredAt());
        if (deletedUser) {
          return;
        }
        jdbc.sql(
                """
                insert into search_membership (membership_id, study_id, user_id, is_leader, joined_at)
                select :membership, :study, :user, false, :at
                 where exists (select 1 from search_study where study_id = :study)
                on conflict (membership_id) do nothing
                """)
            .param("membership", e.membershipId())
            .param("study", e.studyId())
            .param("user", e.userId())
            .param("at", time(e.occurredAt()))
            .update();
        countMembers(e.studyId());
      }
      case JoinRequestRejected e -> decide(e.requestId(), "REJECTED", e.occurredAt());
      case JoinRequestWithdrawn e ->
          jdbc.sql("delete from search_join_request where request_id = :id")
              .param("id", e.requestId())
              .update();
      case MemberRemoved e -> {
        jdbc.sql("delete from search_membership where membership_id = :id")
            .param("id", e.membershipId())
            .update();
        countMembers(e.studyId());
      }
    }
  }

  /** {@code member_count} from the memberships, after every change of them. */
  void countMembers(UUID study) {
    jdbc.sql(
            """
            update search_study
               set member_count = (select count(*) from search_membership where study_id = :id)
             where study_id = :id
            """)
        .param("id", study)
        .update();
  }

  private void created(StudyGroupCreated e) {
    OffsetDateTime at = time(e.occurredAt());
    if (tombstones.isUser(e.leaderId())) {
      tombstones.buryStudy(e.studyId()); // study-service deletes it with the account
      seeTags(e.tags(), at);
      return;
    }
    if (tombstones.isStudy(e.studyId())) {
      seeTags(e.tags(), at);
      return; // a replay of an old history
    }
    jdbc.sql(
            """
            insert into search_study
                (study_id, leader_id, post_title, study_name, post_content, categories, tags,
                 member_limit, member_count, start_date, end_date, deadline, head_image,
                 created_at, updated_at)
            values (:id, :leader, :title, :name, :content, :categories, :tags,
                    :limit, 1, :start, :end, :deadline, :image, :at, :at)
            on conflict (study_id) do nothing
            """)
        .param("id", e.studyId())
        .param("leader", e.leaderId())
        .param("title", e.postTitle())
        .param("name", e.studyName())
        .param("content", e.postContent())
        .param("categories", array(e.categories()))
        .param("tags", array(e.tags()))
        .param("limit", e.memberLimit())
        .param("start", e.startDate())
        .param("end", e.endDate())
        .param("deadline", e.deadline())
        .param("image", e.headImage())
        .param("at", at)
        .update();
    jdbc.sql(
            """
            insert into search_membership (membership_id, study_id, user_id, is_leader, joined_at)
            values (:membership, :study, :user, true, :at)
            on conflict (membership_id) do nothing
            """)
        .param("membership", e.leaderMembershipId())
        .param("study", e.studyId())
        .param("user", e.leaderId())
        .param("at", at)
        .update();
    countMembers(e.studyId());
    seeTags(e.tags(), at);
  }

  private void updated(StudyGroupUpdated e) {
    OffsetDateTime at = time(e.occurredAt());
    jdbc.sql(
            """
            update search_study
               set post_title = :title, study_name = :name, post_content = :content,
                   categories = :categories, tags = :tags, member_limit = :limit,
                   start_date = :start, end_date = :end, deadline = :deadline, updated_at = :at
             where study_id = :id
            """)
        .param("id", e.studyId())
        .param("title", e.postTitle())
        .param("name", e.studyName())
        .param("content", e.postContent())
        .param("categories", array(e.categories()))
        .param("tags", array(e.tags()))
        .param("limit", e.memberLimit())
        .param("start", e.startDate())
        .param("end", e.endDate())
        .param("deadline", e.deadline())
        .param("at", at)
        .update();
    seeTags(e.tags(), at);
  }

  private void decide(long requestId, String status, Instant at) {
    jdbc.sql(
            """
            update search_join_request set status = :status, decided_at = :at
             where request_id = :id and status = 'PENDING'
            """)
        .param("id", requestId)
        .param("status", status)
        .param("at", time(at))
        .update();
  }

  /** Every tag name, first seen at its earliest event, whichever study's event is read first. */
  private void seeTags(List<String> tags, OffsetDateTime at) {
    for (String tag : tags) {
      jdbc.sql(
              """
              insert into search_tag (name, first_seen_at) values (:name, :at)
              on conflict (name) do update set first_seen_at = excluded.first_seen_at
               where excluded.first_seen_at < search_tag.first_seen_at
              """)
          .param("name", tag)
          .param("at", at)
          .update();
    }
  }

  private Array array(List<String> values) {
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try {
      return connection.createArrayOf("text", values.toArray(String[]::new));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
  }
}

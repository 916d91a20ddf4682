package io.crescendo.study.projection;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads the study views kept by {@link StudyViewProjection}. Blocking JDBC. */
@Component
public class StudyViews {

  private final JdbcClient jdbc;

  StudyViews(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<StudyView> find(UUID studyId) {
    return jdbc.sql("select * from study_view where study_id = ?")
        .param(studyId)
        .query((rs, n) -> study(rs))
        .optional();
  }

  /** The studies in which the user holds a membership or a pending join request. */
  public List<UUID> studiesInvolving(UUID userId) {
    return jdbc.sql(
            """
            select study_id from study_membership_view where user_id = ?
            union
            select study_id from study_join_request_view where user_id = ? and status = 'PENDING'
            """)
        .params(userId, userId)
        .query(UUID.class)
        .list();
  }

  /** The membership ids of the study, by user. */
  public List<Membership> memberships(UUID studyId) {
    return jdbc.sql(
            "select membership_id, user_id, is_leader from study_membership_view"
                + " where study_id = ? order by membership_id")
        .param(studyId)
        .query(
            (rs, n) ->
                new Membership(
                    rs.getLong("membership_id"),
                    rs.getObject("user_id", UUID.class),
                    rs.getBoolean("is_leader")))
        .list();
  }

  /** The join requests of the study, oldest first, with their status. */
  public List<JoinRequest> requests(UUID studyId) {
    return jdbc.sql(
            "select request_id, user_id, request_message, status from study_join_request_view"
                + " where study_id = ? order by request_id")
        .param(studyId)
        .query(
            (rs, n) ->
                new JoinRequest(
                    rs.getLong("request_id"),
                    rs.getObject("user_id", UUID.class),
                    rs.getString("request_message"),
                    rs.getString("status")))
        .list();
  }

  /** A membership of a study. */
  public record Membership(long membershipId, UUID userId, boolean leader) {}

  /** A join request of a study; status PENDING, APPROVED or REJECTED. */
  public record JoinRequest(long requestId, UUID userId, String requestMessage, String status) {}

  private static StudyView study(ResultSet rs) throws SQLException {
    return new StudyView(
        rs.getObject("study_id", UUID.class),
        rs.getObject("leader_id", UUID.class),
        rs.getString("post_title"),
        rs.getString("study_name"),
        rs.getString("post_content"),
        strings(rs.getArray("categories")),
        strings(rs.getArray("tags")),
        rs.getInt("member_limit"),
        rs.getInt("member_count"),
        rs.getObject("start_date", LocalDate.class),
        rs.getObject("end_date", LocalDate.class),
        rs.getObject("deadline", LocalDate.class),
        rs.getString("head_image"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }
}

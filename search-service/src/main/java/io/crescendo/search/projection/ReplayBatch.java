package io.crescendo.search.projection;

import static io.crescendo.search.projection.Projections.time;

import io.crescendo.events.PublicEvent;
import io.crescendo.events.assignment.AssignmentCreated;
import io.crescendo.events.assignment.AssignmentDeleted;
import io.crescendo.events.assignment.AssignmentUpdated;
import io.crescendo.events.assignment.SubmissionCreated;
import io.crescendo.events.assignment.SubmissionDeleted;
import io.crescendo.events.assignment.SubmissionUpdated;
import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.events.kafka.EventEnvelope;
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
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Many events at once, leaving the read models as {@link ReadModelProjection#apply} called for each
 * of them in order would: what a replay hands the projection in one transaction ({@code
 * EventHandler.handleAll}), applied with a few set-based statements per event type instead of a few
 * statements per event.
 *
 * <ol>
 *   <li><b>Locks</b> first, as {@link Tombstones} takes them event by event (checks shared, burials
 *       exclusive), all in one statement in the order user → study → assignment (then by hash), so
 *       that concurrent replay workers cannot deadlock on them. A creation whose leader or author
 *       turns out to be deleted buries its study, so it takes that study's lock exclusively.
 *   <li><b>Waves</b> ({@link #waves}): an event goes into the wave after the last one holding an
 *       event it must follow, those of its aggregate (of its join request or membership, for the
 *       events under a study), so the waves keep each aggregate's order and a wave never touches a
 *       row twice. The rows do not depend on the order in which events of different aggregates are
 *       applied (tombstones, docs/search.md; replays with several workers rely on it too), so each
 *       wave is applied type by type in a fixed order, each type's events with the same statements
 *       as one event, over all of them ({@code jsonb_to_recordset}).
 *   <li>Account deletions bury the studies their users led: those studies' locks are taken then, as
 *       the event-by-event projection takes them.
 * </ol>
 */
final class ReplayBatch {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Advisory lock classes of {@link Tombstones}. */
  private static final int USER = 0x5EA0_0001;

  private static final int STUDY = 0x5EA0_0002;
  private static final int ASSIGNMENT = 0x5EA0_0003;

  private static final String DELETED_USER =
      "exists (select 1 from search_deleted_user d where d.user_id = %s)";
  private static final String NOT_DELETED_USER = "not " + DELETED_USER;
  private static final String NOT_DELETED_STUDY =
      "not exists (select 1 from search_deleted_study d where d.study_id = %s)";
  private static final String NOT_DELETED_ASSIGNMENT =
      "not exists (select 1 from search_deleted_assignment d where d.assignment_id = %s)";

  private final JdbcClient jdbc;

  ReplayBatch(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void apply(List<EventEnvelope> events) {
    lock(locks(events));
    Set<UUID> recount = new LinkedHashSet<>();
    for (List<PublicEvent> wave : waves(events)) {
      applyWave(wave, recount);
    }
    // Nothing reads member_count while applying, so it is counted once, at the end: a change of a
    // study row is a new version in every index (two trigram and two gram indexes).
    countMembers(recount);
  }

  /**
   * The events in waves: an event goes into the first wave after every earlier event it must
   * follow. Events of an aggregate follow each other, with one exception: a study's join requests,
   * decisions and member removals only follow the study's own changes (creation, update, image,
   * deletion) and the events of the same request or membership, since they touch nothing else of
   * the study ({@code member_count} is counted at the end).
   */
  static List<List<PublicEvent>> waves(List<EventEnvelope> events) {
    Map<String, Integer> touched = new HashMap<>();
    Map<String, Integer> written = new HashMap<>();
    List<List<PublicEvent>> waves = new ArrayList<>();
    for (EventEnvelope event : events) {
      List<String> own = new ArrayList<>(2);
      String shared = null;
      switch (event.data()) {
        case JoinRequested e -> {
          shared = "s" + e.studyId();
          own.add("r" + e.requestId());
        }
        case JoinRequestApproved e -> {
          shared = "s" + e.studyId();
          own.add("r" + e.requestId());
          own.add("m" + e.membershipId());
        }
        case JoinRequestRejected e -> {
          shared = "s" + e.studyId();
          own.add("r" + e.requestId());
        }
        case JoinRequestWithdrawn e -> {
          shared = "s" + e.studyId();
          own.add("r" + e.requestId());
        }
        case MemberRemoved e -> {
          shared = "s" + e.studyId();
          own.add("m" + e.membershipId());
        }
        case StudyGroupEvent e -> own.add("s" + e.studyId());
        default -> own.add("a" + event.subject());
      }
      int wave = 0;
      for (String key : own) {
        wave = Math.max(wave, touched.getOrDefault(key, -1) + 1);
      }
      if (shared != null) {
        wave = Math.max(wave, written.getOrDefault(shared, -1) + 1);
        touched.merge(shared, wave, Math::max);
      }
      for (String key : own) {
        touched.merge(key, wave, Math::max);
        written.merge(key, wave, Math::max);
      }
      while (waves.size() <= wave) {
        waves.add(new ArrayList<>());
      }
      waves.get(wave).add(event.data());
    }
    return waves;
  }

  // ---- locks ----

  record Lock(int kind, String id, boolean exclusive) {}

  /** Every lock the events take event by event, plus burials they may cause. */
  static List<Lock> locks(List<EventEnvelope> events) {
    List<Lock> locks = new ArrayList<>();
    for (EventEnvelope envelope : events) {
      switch (envelope.data()) {
        case UserRegistered e -> locks.add(new Lock(USER, e.userId().toString(), false));
        case UserDeleted e -> locks.add(new Lock(USER, e.userId().toString(), true));
        case StudyGroupCreated e -> {
          locks.add(new Lock(USER, e.leaderId().toString(), false));
          locks.add(new Lock(STUDY, e.studyId().toString(), true));
        }
        case StudyGroupDeleted e -> locks.add(new Lock(STUDY, e.studyId().toString(), true));
        case JoinRequested e -> locks.add(new Lock(USER, e.userId().toString(), false));
        case JoinRequestApproved e -> locks.add(new Lock(USER, e.userId().toString(), false));
        case AssignmentCreated e -> {
          locks.add(new Lock(USER, e.authorId().toString(), false));
          locks.add(new Lock(STUDY, e.studyId().toString(), true));
          locks.add(new Lock(ASSIGNMENT, Long.toString(e.assignmentId()), false));
        }
        case AssignmentDeleted e ->
            locks.add(new Lock(ASSIGNMENT, Long.toString(e.assignmentId()), true));
        case SubmissionCreated e -> {
          locks.add(new Lock(USER, e.authorId().toString(), false));
          locks.add(new Lock(STUDY, e.studyId().toString(), false));
          locks.add(new Lock(ASSIGNMENT, Long.toString(e.assignmentId()), false));
        }
        default -> {} // no tombstone check
      }
    }
    return locks;
  }

  private void lock(List<Lock> locks) {
    if (locks.isEmpty()) {
      return;
    }
    int[] kinds = new int[locks.size()];
    String[] ids = new String[locks.size()];
    boolean[] exclusive = new boolean[locks.size()];
    for (int i = 0; i < locks.size(); i++) {
      kinds[i] = locks.get(i).kind();
      ids[i] = locks.get(i).id();
      exclusive[i] = locks.get(i).exclusive();
    }
    // Volatile functions run after the sort, in its order; count() makes them all run.
    jdbc.sql(
            """
            select count(case when x then pg_advisory_xact_lock(k, h)::text
                              else pg_advisory_xact_lock_shared(k, h)::text end)
              from (select k, hashtext(id) h, bool_or(x) x
                      from unnest(cast(:kinds as int[]), cast(:ids as text[]),
                                  cast(:exclusive as boolean[])) l(k, id, x)
                     group by 1, 2 order by 1, 2) l
            """)
        .param("kinds", kinds)
        .param("ids", ids)
        .param("exclusive", exclusive)
        .query(Long.class)
        .single();
  }

  // ---- one wave ----

  private void applyWave(List<PublicEvent> wave, Set<UUID> recount) {
    Map<Class<?>, List<PublicEvent>> byType = new LinkedHashMap<>();
    for (PublicEvent event : wave) {
      byType.computeIfAbsent(event.getClass(), t -> new ArrayList<>()).add(event);
    }
    // identity
    usersRegistered(of(byType, UserRegistered.class));
    usernamesChanged(of(byType, UsernameChanged.class));
    usersDeleted(of(byType, UserDeleted.class), recount);
    // studies
    List<Map<String, Object>> tags = new ArrayList<>();
    List<StudyGroupCreated> created = of(byType, StudyGroupCreated.class);
    studiesCreated(created);
    created.forEach(
        e -> {
          recount.add(e.studyId());
          tags.add(tagRow(e.tags(), e.occurredAt()));
        });
    List<StudyGroupUpdated> updated = of(byType, StudyGroupUpdated.class);
    studiesUpdated(updated);
    updated.forEach(e -> tags.add(tagRow(e.tags(), e.occurredAt())));
    headImagesChanged(of(byType, HeadImageChanged.class));
    buryStudies(
        of(byType, StudyGroupDeleted.class).stream().map(StudyGroupDeleted::studyId).toList());
    joinRequested(of(byType, JoinRequested.class));
    List<JoinRequestApproved> approved = of(byType, JoinRequestApproved.class);
    List<Map<String, Object>> decisions = new ArrayList<>();
    approved.forEach(e -> decisions.add(decision(e.requestId(), "APPROVED", e.occurredAt())));
    of(byType, JoinRequestRejected.class)
        .forEach(e -> decisions.add(decision(e.requestId(), "REJECTED", e.occurredAt())));
    decide(decisions);
    membersApproved(approved);
    approved.forEach(e -> recount.add(e.studyId()));
    deleteByIds(
        "delete from search_join_request where request_id = any(cast(:ids as bigint[]))",
        of(byType, JoinRequestWithdrawn.class).stream()
            .mapToLong(JoinRequestWithdrawn::requestId)
            .toArray());
    List<MemberRemoved> removed = of(byType, MemberRemoved.class);
    deleteByIds(
        "delete from search_membership where membership_id = any(cast(:ids as bigint[]))",
        removed.stream().mapToLong(MemberRemoved::membershipId).toArray());
    removed.forEach(e -> recount.add(e.studyId()));
    seeTags(tags);
    // assignments and submissions
    assignmentsCreated(of(byType, AssignmentCreated.class));
    assignmentsUpdated(of(byType, AssignmentUpdated.class));
    buryAssignments(
        of(byType, AssignmentDeleted.class).stream()
            .mapToLong(AssignmentDeleted::assignmentId)
            .toArray());
    submissionsCreated(of(byType, SubmissionCreated.class));
    submissionsUpdated(of(byType, SubmissionUpdated.class));
    deleteByIds(
        "delete from search_submission where submission_id = any(cast(:ids as bigint[]))",
        of(byType, SubmissionDeleted.class).stream()
            .mapToLong(SubmissionDeleted::submissionId)
            .toArray());
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> of(Map<Class<?>, List<PublicEvent>> byType, Class<T> type) {
    return (List<T>) byType.getOrDefault(type, List.of());
  }

  // ---- users ----

  private void usersRegistered(List<UserRegistered> events) {
    update(
        """
        insert into search_user (user_id, email, username, created_at, updated_at)
        select r.id, r.email, r.username, r.at, r.at
          from jsonb_to_recordset(cast(:rows as jsonb))
               as r(id uuid, email text, username text, at timestamptz)
         where %s
        on conflict (user_id) do update
           set email = excluded.email, username = excluded.username,
               updated_at = excluded.updated_at
        """
            .formatted(NOT_DELETED_USER.formatted("r.id")),
        events,
        e ->
            row(
                "id",
                e.userId(),
                "email",
                e.email(),
                "username",
                e.username(),
                "at",
                at(e.occurredAt())));
  }

  private void usernamesChanged(List<UsernameChanged> events) {
    update(
        """
        update search_user u set username = r.username, updated_at = r.at
          from jsonb_to_recordset(cast(:rows as jsonb)) as r(id uuid, username text, at timestamptz)
         where u.user_id = r.id
        """,
        events,
        e -> row("id", e.userId(), "username", e.username(), "at", at(e.occurredAt())));
  }

  /**
   * {@link UserProjection}'s account deletion: the tombstones, the studies the users led (known
   * from the study or from an assignment) buried, the users, their memberships (the studies counted
   * again), all their join requests and submissions.
   */
  private void usersDeleted(List<UserDeleted> events, Set<UUID> recount) {
    if (events.isEmpty()) {
      return;
    }
    String[] ids = events.stream().map(e -> e.userId().toString()).toArray(String[]::new);
    update(
        """
        insert into search_deleted_user (user_id, deleted_at)
        select r.id, r.at from jsonb_to_recordset(cast(:rows as jsonb)) as r(id uuid, at timestamptz)
        on conflict (user_id) do nothing
        """,
        events,
        e -> row("id", e.userId(), "at", at(e.occurredAt())));
    List<String> led =
        jdbc.sql(
                """
                select study_id::text from search_study where leader_id = any(cast(:ids as uuid[]))
                union
                select study_id::text from search_assignment
                 where author_id = any(cast(:ids as uuid[]))
                """)
            .param("ids", ids)
            .query(String.class)
            .list();
    if (!led.isEmpty()) {
      lock(led.stream().map(study -> new Lock(STUDY, study, true)).toList());
      buryStudies(led.toArray(String[]::new));
    }
    deleteByUsers("delete from search_user where user_id = any(cast(:ids as uuid[]))", ids);
    recount.addAll(
        jdbc.sql(
                """
                delete from search_membership where user_id = any(cast(:ids as uuid[]))
                returning study_id
                """)
            .param("ids", ids)
            .query(UUID.class)
            .list());
    deleteByUsers("delete from search_join_request where user_id = any(cast(:ids as uuid[]))", ids);
    deleteByUsers("delete from search_submission where author_id = any(cast(:ids as uuid[]))", ids);
  }

  private void deleteByUsers(String sql, String[] ids) {
    jdbc.sql(sql).param("ids", ids).update();
  }

  // ---- studies ----

  private void studiesCreated(List<StudyGroupCreated> events) {
    if (events.isEmpty()) {
      return;
    }
    String rows = json(events, ReplayBatch::createdRow);
    // a leader already deleted: study-service deletes the study with the account
    buryStudies(
        """
        select r.id from jsonb_to_recordset(cast(:rows as jsonb)) as r(id uuid, leader uuid)
         where %s
        """
            .formatted(DELETED_USER.formatted("r.leader")),
        rows);
    String live =
        NOT_DELETED_USER.formatted("r.leader") + " and " + NOT_DELETED_STUDY.formatted("r.id");
    jdbc.sql(
            """
            insert into search_study
                (study_id, leader_id, post_title, study_name, post_content, categories, tags,
                 member_limit, member_count, start_date, end_date, deadline, head_image,
                 created_at, updated_at)
            select r.id, r.leader, r.title, r.name, r.content, r.categories, r.tags, r.lim, 1,
                   r.start_date, r.end_date, r.deadline, r.image, r.at, r.at
              from jsonb_to_recordset(cast(:rows as jsonb))
                   as r(id uuid, leader uuid, title text, name text, content text,
                        categories text[], tags text[], lim integer, start_date date,
                        end_date date, deadline date, image text, at timestamptz)
             where %s
            on conflict (study_id) do nothing
            """
                .formatted(live))
        .param("rows", rows)
        .update();
    jdbc.sql(
            """
            insert into search_membership (membership_id, study_id, user_id, is_leader, joined_at)
            select r.membership, r.id, r.leader, true, r.at
              from jsonb_to_recordset(cast(:rows as jsonb))
                   as r(id uuid, leader uuid, membership bigint, at timestamptz)
             where %s
            on conflict (membership_id) do nothing
            """
                .formatted(live))
        .param("rows", rows)
        .update();
  }

  private static Map<String, Object> createdRow(StudyGroupCreated e) {
    Map<String, Object> row =
        studyRow(
            e.studyId(),
            e.postTitle(),
            e.studyName(),
            e.postContent(),
            e.categories(),
            e.tags(),
            e.memberLimit(),
            e.startDate(),
            e.endDate(),
            e.deadline(),
            e.occurredAt());
    row.put("leader", e.leaderId().toString());
    row.put("membership", e.leaderMembershipId());
    row.put("image", e.headImage());
    return row;
  }

  /** The columns a study's creation and its edits both set. */
  private static Map<String, Object> studyRow(
      UUID id,
      String title,
      String name,
      String content,
      List<String> categories,
      List<String> tags,
      int limit,
      LocalDate start,
      LocalDate end,
      LocalDate deadline,
      Instant at) {
    return row(
        "id",
        id,
        "title",
        title,
        "name",
        name,
        "content",
        content,
        "categories",
        categories,
        "tags",
        tags,
        "lim",
        limit,
        "start_date",
        start.toString(),
        "end_date",
        end.toString(),
        "deadline",
        deadline.toString(),
        "at",
        at(at));
  }

  private void studiesUpdated(List<StudyGroupUpdated> events) {
    update(
        """
        update search_study s
           set post_title = r.title, study_name = r.name, post_content = r.content,
               categories = r.categories, tags = r.tags, member_limit = r.lim,
               start_date = r.start_date, end_date = r.end_date, deadline = r.deadline,
               updated_at = r.at
          from jsonb_to_recordset(cast(:rows as jsonb))
               as r(id uuid, title text, name text, content text, categories text[],
                    tags text[], lim integer, start_date date, end_date date, deadline date,
                    at timestamptz)
         where s.study_id = r.id
        """,
        events,
        e ->
            studyRow(
                e.studyId(),
                e.postTitle(),
                e.studyName(),
                e.postContent(),
                e.categories(),
                e.tags(),
                e.memberLimit(),
                e.startDate(),
                e.endDate(),
                e.deadline(),
                e.occurredAt()));
  }

  private void headImagesChanged(List<HeadImageChanged> events) {
    update(
        """
        update search_study s set head_image = r.image, updated_at = r.at
          from jsonb_to_recordset(cast(:rows as jsonb)) as r(id uuid, image text, at timestamptz)
         where s.study_id = r.id
        """,
        events,
        e -> row("id", e.studyId(), "image", e.headImage(), "at", at(e.occurredAt())));
  }

  private void joinRequested(List<JoinRequested> events) {
    update(
        """
        insert into search_join_request
            (request_id, study_id, user_id, request_message, status, requested_at)
        select r.request, r.study, r.applicant, r.message, 'PENDING', r.at
          from jsonb_to_recordset(cast(:rows as jsonb))
               as r(request bigint, study uuid, applicant uuid, message text, at timestamptz)
         where %s and exists (select 1 from search_study s where s.study_id = r.study)
        on conflict (request_id) do nothing
        """
            .formatted(NOT_DELETED_USER.formatted("r.applicant")),
        events,
        e ->
            row(
                "request",
                e.requestId(),
                "study",
                e.studyId(),
                "applicant",
                e.userId(),
                "message",
                e.requestMessage(),
                "at",
                at(e.occurredAt())));
  }

  private static Map<String, Object> decision(long request, String status, Instant at) {
    return row("request", request, "status", status, "at", at(at));
  }

  private void decide(List<Map<String, Object>> decisions) {
    if (decisions.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            update search_join_request j set status = r.status, decided_at = r.at
              from jsonb_to_recordset(cast(:rows as jsonb))
                   as r(request bigint, status text, at timestamptz)
             where j.request_id = r.request and j.status = 'PENDING'
            """)
        .param("rows", JSON.writeValueAsString(decisions))
        .update();
  }

  private void membersApproved(List<JoinRequestApproved> events) {
    update(
        """
        insert into search_membership (membership_id, study_id, user_id, is_leader, joined_at)
        select r.membership, r.study, r.member, false, r.at
          from jsonb_to_recordset(cast(:rows as jsonb))
               as r(membership bigint, study uuid, member uuid, at timestamptz)
         where %s and exists (select 1 from search_study s where s.study_id = r.study)
        on conflict (membership_id) do nothing
        """
            .formatted(NOT_DELETED_USER.formatted("r.member")),
        events,
        e ->
            row(
                "membership",
                e.membershipId(),
                "study",
                e.studyId(),
                "member",
                e.userId(),
                "at",
                at(e.occurredAt())));
  }

  /** {@code member_count} from the memberships, where it is not right already. */
  private void countMembers(Set<UUID> studies) {
    if (studies.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            update search_study s set member_count = c.n
              from (select id, (select count(*) from search_membership m where m.study_id = id) n
                      from unnest(cast(:ids as uuid[])) id) c
             where s.study_id = c.id and s.member_count <> c.n
            """)
        .param("ids", studies.stream().map(UUID::toString).toArray(String[]::new))
        .update();
  }

  private static Map<String, Object> tagRow(List<String> tags, Instant at) {
    return row("tags", tags, "at", at(at));
  }

  /** Every tag name at its earliest event, whichever comes first. */
  private void seeTags(List<Map<String, Object>> rows) {
    if (rows.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            insert into search_tag (name, first_seen_at)
            select t.name, min(r.at)
              from jsonb_to_recordset(cast(:rows as jsonb)) as r(tags text[], at timestamptz)
                   cross join lateral unnest(r.tags) as t(name)
             group by t.name
            on conflict (name) do update set first_seen_at = excluded.first_seen_at
             where excluded.first_seen_at < search_tag.first_seen_at
            """)
        .param("rows", JSON.writeValueAsString(rows))
        .update();
  }

  /** {@link Tombstones#buryStudy} of the given studies. */
  private void buryStudies(List<UUID> studies) {
    buryStudies(studies.stream().map(UUID::toString).distinct().toArray(String[]::new));
  }

  /** {@link Tombstones#buryStudy} of the studies {@code doomed} selects (one column, uuid). */
  private void buryStudies(String doomed, Object rows) {
    buryStudies(
        jdbc.sql("select distinct d.id::text from (%s) d(id)".formatted(doomed))
            .param("rows", rows)
            .query(String.class)
            .list()
            .toArray(String[]::new));
  }

  /**
   * The tombstones, then what hangs on the studies; {@code = any(...)}, so that each delete reads
   * its index (a join with the list may read a table whole before its statistics exist).
   */
  private void buryStudies(String[] studies) {
    if (studies.length == 0) {
      return;
    }
    jdbc.sql(
            """
            insert into search_deleted_study (study_id)
            select unnest(cast(:ids as uuid[])) on conflict do nothing
            """)
        .param("ids", studies)
        .update();
    for (String table : List.of("search_submission", "search_assignment", "search_study")) {
      jdbc.sql("delete from %s where study_id = any(cast(:ids as uuid[]))".formatted(table))
          .param("ids", studies)
          .update();
    }
  }

  // ---- assignments and submissions ----

  private void assignmentsCreated(List<AssignmentCreated> events) {
    if (events.isEmpty()) {
      return;
    }
    String rows =
        json(
            events,
            e ->
                row(
                    "id",
                    e.assignmentId(),
                    "study",
                    e.studyId(),
                    "author",
                    e.authorId(),
                    "title",
                    e.title(),
                    "content",
                    e.content(),
                    "at",
                    at(e.occurredAt())));
    // the author led the study, which goes with the account
    buryStudies(
        """
        select r.study from jsonb_to_recordset(cast(:rows as jsonb)) as r(study uuid, author uuid)
         where %s
        """
            .formatted(DELETED_USER.formatted("r.author")),
        rows);
    jdbc.sql(
            """
            insert into search_assignment
                (assignment_id, study_id, author_id, title, content, created_at, updated_at)
            select r.id, r.study, r.author, r.title, r.content, r.at, r.at
              from jsonb_to_recordset(cast(:rows as jsonb))
                   as r(id bigint, study uuid, author uuid, title text, content text,
                        at timestamptz)
             where %s and %s and %s
            on conflict (assignment_id) do nothing
            """
                .formatted(
                    NOT_DELETED_USER.formatted("r.author"),
                    NOT_DELETED_STUDY.formatted("r.study"),
                    NOT_DELETED_ASSIGNMENT.formatted("r.id")))
        .param("rows", rows)
        .update();
  }

  private void assignmentsUpdated(List<AssignmentUpdated> events) {
    update(
        """
        update search_assignment a set title = r.title, content = r.content, updated_at = r.at
          from jsonb_to_recordset(cast(:rows as jsonb))
               as r(id bigint, title text, content text, at timestamptz)
         where a.assignment_id = r.id
        """,
        events,
        e ->
            row(
                "id",
                e.assignmentId(),
                "title",
                e.title(),
                "content",
                e.content(),
                "at",
                at(e.occurredAt())));
  }

  /** {@link Tombstones#buryAssignment} of the given assignments. */
  private void buryAssignments(long[] assignments) {
    if (assignments.length == 0) {
      return;
    }
    jdbc.sql(
            """
            insert into search_deleted_assignment (assignment_id)
            select unnest(cast(:ids as bigint[])) on conflict do nothing
            """)
        .param("ids", assignments)
        .update();
    for (String table : List.of("search_submission", "search_assignment")) {
      jdbc.sql("delete from %s where assignment_id = any(cast(:ids as bigint[]))".formatted(table))
          .param("ids", assignments)
          .update();
    }
  }

  private void submissionsCreated(List<SubmissionCreated> events) {
    update(
        """
        insert into search_submission
            (submission_id, assignment_id, study_id, author_id, title, content,
             created_at, updated_at)
        select r.id, r.assignment, r.study, r.author, r.title, r.content, r.at, r.at
          from jsonb_to_recordset(cast(:rows as jsonb))
               as r(id bigint, assignment bigint, study uuid, author uuid, title text,
                    content text, at timestamptz)
         where %s and %s and %s
        on conflict (submission_id) do nothing
        """
            .formatted(
                NOT_DELETED_USER.formatted("r.author"),
                NOT_DELETED_STUDY.formatted("r.study"),
                NOT_DELETED_ASSIGNMENT.formatted("r.assignment")),
        events,
        e ->
            row(
                "id", e.submissionId(),
                "assignment", e.assignmentId(),
                "study", e.studyId(),
                "author", e.authorId(),
                "title", e.title(),
                "content", e.content(),
                "at", at(e.occurredAt())));
  }

  private void submissionsUpdated(List<SubmissionUpdated> events) {
    update(
        """
        update search_submission s set title = r.title, content = r.content, updated_at = r.at
          from jsonb_to_recordset(cast(:rows as jsonb))
               as r(id bigint, title text, content text, at timestamptz)
         where s.submission_id = r.id
        """,
        events,
        e ->
            row(
                "id",
                e.submissionId(),
                "title",
                e.title(),
                "content",
                e.content(),
                "at",
                at(e.occurredAt())));
  }

  // ---- helpers ----

  /** One statement over the events' rows (nothing for none). */
  private <T> void update(String sql, List<T> events, Function<T, Map<String, Object>> row) {
    if (events.isEmpty()) {
      return;
    }
    jdbc.sql(sql).param("rows", json(events, row)).update();
  }

  private void deleteByIds(String sql, long[] ids) {
    if (ids.length > 0) {
      jdbc.sql(sql).param("ids", ids).update();
    }
  }

  private static <T> String json(List<T> events, Function<T, Map<String, Object>> row) {
    List<Map<String, Object>> rows = new ArrayList<>(events.size());
    for (T event : events) {
      rows.add(row.apply(event));
    }
    return JSON.writeValueAsString(rows);
  }

  private static Map<String, Object> row(Object... keysAndValues) {
    Map<String, Object> row = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      Object value = keysAndValues[i + 1];
      row.put((String) keysAndValues[i], value instanceof UUID uuid ? uuid.toString() : value);
    }
    return row;
  }

  /** As {@link Projections#time}: microseconds, UTC, ISO-8601. */
  private static String at(Instant instant) {
    return time(instant).toString();
  }
}

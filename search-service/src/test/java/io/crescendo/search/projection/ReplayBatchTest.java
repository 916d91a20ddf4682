package io.crescendo.search.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.events.PublicEvent;
import io.crescendo.events.assignment.AssignmentEvent;
import io.crescendo.events.assignment.SubmissionEvent;
import io.crescendo.events.identity.IdentityEvent;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.events.study.StudyGroupUpdated;
import io.crescendo.search.testsupport.Feed;
import io.crescendo.search.testsupport.ReadSideTest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link ReplayBatch}: a replay's whole transaction applied at once leaves exactly the rows that
 * {@link ReadModelProjection#apply} leaves event by event, for every event type and for the orders
 * tombstones exist for (a deleted account's late events, creations below deleted studies and
 * assignments, submissions before their assignment), in one batch, in small batches, and with the
 * topics read in another interleaving. Each way writes into empty copies of the tables in a schema
 * of its own ({@code set local search_path}), as a rebuild does.
 */
class ReplayBatchTest extends ReadSideTest {

  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  @Autowired ReadModelProjection projection;
  @Autowired DataSource dataSource;

  TransactionTemplate transactions;

  @BeforeEach
  void setUp() {
    transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
  }

  @Test
  void aWholeTransactionLeavesTheRowsEventByEventWould() {
    List<EventEnvelope> history = history();

    String oneByOne = schemaWithCopies();
    history.forEach(event -> inSchema(oneByOne, () -> projection.apply(event)));
    Map<String, List<String>> expected = contents(oneByOne);
    assertThat(expected.get("search_study")).hasSizeGreaterThan(2);
    assertThat(expected.get("search_membership")).hasSizeGreaterThan(3);
    assertThat(expected.get("search_submission")).hasSizeGreaterThan(1);
    assertThat(expected.get("search_deleted_user")).hasSize(3);

    String whole = schemaWithCopies();
    inSchema(whole, () -> projection.handleAll(history));
    assertThat(contents(whole)).isEqualTo(expected);

    String batches = schemaWithCopies();
    for (int i = 0; i < history.size(); i += 7) {
      List<EventEnvelope> batch = history.subList(i, Math.min(history.size(), i + 7));
      inSchema(batches, () -> projection.handleAll(batch));
    }
    assertThat(contents(batches)).isEqualTo(expected);

    // the topics read one after the other (each aggregate in its order): the same rows
    List<EventEnvelope> topicsApart = new ArrayList<>(history);
    topicsApart.sort(Comparator.comparingInt(ReplayBatchTest::topic));
    String apart = schemaWithCopies();
    inSchema(apart, () -> projection.handleAll(topicsApart));
    assertThat(contents(apart)).isEqualTo(expected);
    List<EventEnvelope> reversedTopics = new ArrayList<>(history);
    reversedTopics.sort(Comparator.comparingInt(e -> -topic(e)));
    String reversed = schemaWithCopies();
    inSchema(reversed, () -> projection.handleAll(reversedTopics));
    assertThat(contents(reversed)).isEqualTo(expected);
  }

  @Test
  void wavesKeepEachAggregatesOrderAndLetAStudysRequestsAndMembersGoTogether() {
    List<EventEnvelope> events = new ArrayList<>();
    Feed feed = new Feed(events::add);
    UUID leader = feed.user();
    feed.rename(leader, "renamed");
    UUID alice = feed.user();
    UUID bob = feed.user();
    Feed.Study study = feed.study(leader);
    long aliceRequest = study.request(alice);
    long bobRequest = study.request(bob);
    long aliceMembership = study.approve(aliceRequest, alice);
    study.remove(aliceMembership, alice);
    study.update("later", Feed.today().plusDays(3), 5);
    study.reject(bobRequest, bob);

    List<List<PublicEvent>> waves = ReplayBatch.waves(events);

    assertThat(waves)
        .extracting(wave -> wave.stream().map(e -> e.getClass().getSimpleName()).toList())
        .containsExactly(
            List.of("UserRegistered", "UserRegistered", "UserRegistered", "StudyGroupCreated"),
            List.of("UsernameChanged", "JoinRequested", "JoinRequested"),
            List.of("JoinRequestApproved"),
            List.of("MemberRemoved"),
            List.of("StudyGroupUpdated"),
            List.of("JoinRequestRejected"));
  }

  @Test
  void locksAreTheTombstoneChecksAndBurialsOfTheEvents() {
    List<EventEnvelope> events = new ArrayList<>();
    Feed feed = new Feed(events::add);
    UUID leader = feed.user();
    Feed.Study study = feed.study(leader);
    Feed.Assignment assignment = study.assignment("a", "c");
    assignment.submit(leader, "s");
    assignment.delete();
    feed.deleteUser(leader);
    study.delete();

    assertThat(ReplayBatch.locks(events))
        .extracting(Object::toString)
        .containsExactly(
            "Lock[kind=1587544065, id=" + leader + ", exclusive=false]",
            "Lock[kind=1587544065, id=" + leader + ", exclusive=false]",
            "Lock[kind=1587544066, id=" + study.id + ", exclusive=true]",
            "Lock[kind=1587544065, id=" + leader + ", exclusive=false]",
            "Lock[kind=1587544066, id=" + study.id + ", exclusive=true]",
            "Lock[kind=1587544067, id=" + assignment.id + ", exclusive=false]",
            "Lock[kind=1587544065, id=" + leader + ", exclusive=false]",
            "Lock[kind=1587544066, id=" + study.id + ", exclusive=false]",
            "Lock[kind=1587544067, id=" + assignment.id + ", exclusive=false]",
            "Lock[kind=1587544067, id=" + assignment.id + ", exclusive=true]",
            "Lock[kind=1587544065, id=" + leader + ", exclusive=true]",
            "Lock[kind=1587544066, id=" + study.id + ", exclusive=true]");
  }

  /**
   * Every event type: users who rename themselves, studies with requests, decisions, members
   * leaving, updates (tags old and new), images, assignments and submissions with updates and
   * deletions; accounts deleted with the cascades and with events still on their way; creations
   * below deleted studies and assignments; a submission before its assignment; a tag first seen in
   * a later study that is older.
   */
  private List<EventEnvelope> history() {
    List<EventEnvelope> history = new ArrayList<>();
    Feed feed = new Feed(history::add);
    UUID leader = feed.user("leader");
    UUID alice = feed.user("alice");
    UUID bob = feed.user("bob");
    UUID carol = feed.user("carol");
    UUID gone = feed.user("gone");
    feed.rename(alice, "alice2");

    Feed.Study study = feed.study(leader);
    long aliceMembership = study.join(alice);
    study.join(bob);
    study.reject(study.request(carol), carol);
    study.withdraw(study.request(gone), gone);
    study.update("edited", Feed.today().plusDays(1), 6);
    study.image("cafe.png");
    Feed.Assignment first = study.assignment("first", "content");
    first.update("first!", "content!");
    long aliceWork = first.submit(alice, "alice");
    first.updateSubmission(aliceWork, "alice v2", "<p>v2</p>");
    long bobWork = first.submit(bob, "bob");
    first.deleteSubmission(bobWork);
    first.submit(bob, "bob again");
    Feed.Assignment second = study.assignment("second", "content");
    long secondWork = second.submit(alice, "x");
    second.delete();
    second.deleteSubmission(secondWork);
    second.submit(carol, "too late"); // below a deleted assignment
    study.remove(aliceMembership, alice);

    Feed.Study led = feed.study(gone);
    led.join(carol);
    Feed.Assignment ledAssignment = led.assignment("by gone", "c");
    long carolWork = ledAssignment.submit(carol, "carol");
    long goneMembership = study.join(gone);
    feed.deleteUser(gone);
    // what the deleted account still does on its way out, then the cascades
    study.request(gone);
    feed.study(gone);
    led.assignment("late by gone", "c");
    study.remove(goneMembership, gone);
    led.delete();
    ledAssignment.delete();
    ledAssignment.deleteSubmission(carolWork);
    feed.publish(new UserRegistered(gone, gone + "@x.io", "back?", Instant.now()));

    // deletions whose cascades have not arrived yet
    Feed.Study deleted = feed.study(bob);
    deleted.join(carol);
    deleted.assignment("lost", "lost").submit(carol, "lost");
    deleted.delete();
    deleted.request(alice); // too late: the study is gone
    deleted.assignment("after", "c");
    Feed.Study kept = feed.study(carol);
    Feed.Assignment dropped = kept.assignment("dropped", "c");
    dropped.submit(bob, "orphan");
    dropped.delete();
    UUID dave = feed.user("dave");
    Feed.Study davesStudy = feed.study(dave);
    davesStudy.join(alice);
    davesStudy.assignment("dave's", "c").submit(alice, "for dave");
    kept.join(dave);
    kept.assignment("for all", "c").submit(dave, "dave's work");
    feed.deleteUser(dave);

    // a tag seen again earlier, in an update and in another study
    String tag = "shared" + Feed.nextId();
    feed.publish(
        new StudyGroupUpdated(
            kept.id,
            "t",
            "n",
            "<p>c</p>",
            List.of("AI"),
            List.of(tag, "new" + kept.leaderMembership),
            7,
            kept.created.startDate(),
            kept.created.endDate(),
            kept.created.deadline(),
            Instant.parse("2024-06-01T00:00:00Z")));
    UUID eve = feed.user("eve");
    feed.publish(
        new StudyGroupCreated(
            UUID.randomUUID(),
            eve,
            Feed.nextId(),
            "early",
            "early",
            "<p>c</p>",
            List.of("Etc"),
            List.of(tag),
            4,
            LocalDate.of(2024, 7, 1),
            LocalDate.of(2024, 8, 1),
            LocalDate.of(2024, 6, 30),
            null,
            Instant.parse("2024-01-01T00:00:00Z")));
    feed.rename(eve, "eve2");
    UUID frank = feed.user("frank");
    study.join(frank);
    kept.join(frank);
    first.submit(frank, "frank's");
    feed.deleteUser(bob);
    return history;
  }

  /** Which topic the event is on: identity, study, assignment, submission. */
  private static int topic(EventEnvelope event) {
    PublicEvent data = event.data();
    return switch (data) {
      case IdentityEvent e -> 0;
      case AssignmentEvent e -> 2;
      case SubmissionEvent e -> 3;
      default -> 1;
    };
  }

  // ---- schemas ----

  private void inSchema(String schema, Runnable work) {
    transactions.executeWithoutResult(
        status -> {
          jdbc.sql("set local search_path to " + schema + ", public").update();
          work.run();
        });
  }

  /** Empty copies of the read-model tables, with their keys, indexes and foreign keys. */
  private String schemaWithCopies() {
    String schema = "replay_batch_" + SCHEMAS.incrementAndGet() + "_" + System.nanoTime();
    transactions.executeWithoutResult(
        status -> {
          jdbc.sql("create schema " + schema).update();
          List<String> foreignKeys = new ArrayList<>();
          for (String table : tables("public")) {
            jdbc.sql(
                    "create table %s.%s (like public.%s including all)"
                        .formatted(schema, table, table))
                .update();
            jdbc.sql(
                    """
                    select 'alter table %s.%s add ' || pg_get_constraintdef(oid)
                      from pg_constraint where conrelid = cast(:table as regclass) and contype = 'f'
                    """
                        .formatted(schema, table))
                .param("table", "public." + table)
                .query(String.class)
                .list()
                .forEach(foreignKeys::add);
          }
          jdbc.sql("set local search_path to " + schema).update();
          foreignKeys.forEach(statement -> jdbc.sql(statement).update());
        });
    return schema;
  }

  private List<String> tables(String schema) {
    return jdbc.sql(
            """
            select tablename from pg_tables
             where schemaname = :schema and tablename like 'search\\_%'
             order by 1
            """)
        .param("schema", schema)
        .query(String.class)
        .list();
  }

  /** Every read-model table of the schema, its rows as text, sorted. */
  private Map<String, List<String>> contents(String schema) {
    Map<String, List<String>> contents = new LinkedHashMap<>();
    for (String table : tables(schema)) {
      contents.put(
          table,
          jdbc.sql("select t::text from %s.%s t order by 1".formatted(schema, table))
              .query(String.class)
              .list());
    }
    return contents;
  }
}

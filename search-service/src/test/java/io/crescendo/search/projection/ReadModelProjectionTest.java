package io.crescendo.search.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crescendo.events.assignment.SubmissionCreated;
import io.crescendo.events.assignment.SubmissionEvent;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.search.testsupport.Feed;
import io.crescendo.search.testsupport.ReadSideTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every event type through {@link ReadModelProjection} against the real PostgreSQL, each call in
 * its own transaction as the consumer runs it (but without the consumer's once-only claim, so that
 * repeated and out-of-order deliveries reach the projection).
 */
class ReadModelProjectionTest extends ReadSideTest {

  @Autowired ReadModelProjection projection;
  @Autowired DataSource dataSource;

  TransactionTemplate transactions;
  final List<EventEnvelope> history = new ArrayList<>();
  Feed feed;

  @BeforeEach
  void setUp() {
    transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
    feed =
        new Feed(
            event -> {
              history.add(event);
              apply(event);
            });
  }

  void apply(EventEnvelope event) {
    transactions.executeWithoutResult(status -> projection.apply(event));
  }

  // --- identity ---

  @Test
  void identityEvents() {
    UUID user = feed.user("kim");
    assertThat(rows("select email || '|' || username from search_user where user_id = :id", user))
        .containsExactly(user + "@x.io|kim");
    feed.rename(user, "lee");
    assertThat(rows("select username from search_user where user_id = :id", user))
        .containsExactly("lee");
    assertThat(
            rows(
                "select (updated_at > created_at)::text from search_user where user_id = :id",
                user))
        .containsExactly("true");

    feed.deleteUser(user);
    assertThat(rows("select username from search_user where user_id = :id", user)).isEmpty();
    assertThat(rows("select user_id::text from search_deleted_user where user_id = :id", user))
        .containsExactly(user.toString());
    // a replayed registration does not bring the deleted account back
    apply(history.getFirst());
    assertThat(rows("select username from search_user where user_id = :id", user)).isEmpty();
  }

  // --- studies ---

  @Test
  void studyEvents() {
    UUID leader = feed.user();
    UUID alice = feed.user();
    UUID bob = feed.user();
    UUID carol = feed.user();
    Instant at = Instant.parse("2024-03-05T15:30:00.123456789Z");
    LocalDate today = Feed.today();
    Feed.Study study =
        feed.study(leader, today.plusDays(2), today.plusDays(3), today.plusDays(9), 3, at);
    assertThat(
            rows(
                "select leader_id || '|' || member_count || '|' || member_limit || '|' || tags[1]"
                    + " || '|' || (created_at at time zone 'UTC')"
                    + " from search_study where study_id = :id",
                study.id))
        .containsExactly(
            leader + "|1|3|t" + study.leaderMembership + "|2024-03-05 15:30:00.123456");
    assertThat(rows("select name from search_tag where name = :id", "t" + study.leaderMembership))
        .hasSize(1);
    assertThat(members(study.id)).containsExactly(leader + "|true");

    long aliceRequest = study.request(alice);
    long bobRequest = study.request(bob);
    long carolRequest = study.request(carol);
    assertThat(requests(study.id)).containsOnly("PENDING");
    long aliceMembership = study.approve(aliceRequest, alice);
    study.reject(bobRequest, bob);
    study.withdraw(carolRequest, carol);
    assertThat(requestsById(study.id))
        .containsExactly(aliceRequest + "|APPROVED", bobRequest + "|REJECTED");
    assertThat(members(study.id)).containsExactly(leader + "|true", alice + "|false");
    assertThat(memberCount(study.id)).isEqualTo(2);

    study.update("renamed", today.minusDays(1), 7);
    study.image("0123abcd.png");
    assertThat(
            rows(
                "select study_name || '|' || deadline || '|' || member_limit || '|' || head_image"
                    + " || '|' || categories[1] from search_study where study_id = :id",
                study.id))
        .containsExactly("renamed|" + today.minusDays(1) + "|7|0123abcd.png|Etc");

    study.remove(aliceMembership, alice);
    assertThat(members(study.id)).containsExactly(leader + "|true");
    assertThat(memberCount(study.id)).isEqualTo(1);

    // the study goes with its members, requests, assignments and submissions; others stay
    Feed.Assignment assignment = study.assignment("a", "b");
    long submission = assignment.submit(leader, "mine");
    Feed.Study other = feed.study(leader);
    Feed.Assignment otherAssignment = other.assignment("x", "y");
    long otherSubmission = otherAssignment.submit(leader, "kept");
    study.delete();
    assertThat(rows("select 1 from search_study where study_id = :id", study.id)).isEmpty();
    assertThat(members(study.id)).isEmpty();
    assertThat(requests(study.id)).isEmpty();
    assertThat(rows("select 1 from search_assignment where study_id = :id", study.id)).isEmpty();
    assertThat(rows("select 1 from search_submission where submission_id = :id", submission))
        .isEmpty();
    assertThat(rows("select assignment_id from search_assignment where study_id = :id", other.id))
        .containsExactly(Long.toString(otherAssignment.id));
    assertThat(rows("select 1 from search_submission where submission_id = :id", otherSubmission))
        .hasSize(1);
  }

  @Test
  void aTagIsFirstSeenAtItsEarliestEventWhicheverStudyIsReadFirst() {
    UUID leader = feed.user();
    String tag = "shared" + Feed.nextId();
    feed.tags.add(tag);
    Instant early = Instant.parse("2024-01-01T00:00:00Z");
    Instant late = Instant.parse("2024-06-01T00:00:00Z");
    List<String> seen = new ArrayList<>();
    for (Instant at : List.of(late, early, late)) {
      UUID id = UUID.randomUUID();
      feed.publish(
          new StudyGroupCreated(
              id,
              leader,
              Feed.nextId(),
              "t",
              "n",
              "<p>c</p>",
              List.of("Etc"),
              List.of(tag),
              4,
              LocalDate.of(2024, 7, 1),
              LocalDate.of(2024, 8, 1),
              LocalDate.of(2024, 6, 30),
              null,
              at));
      seen.addAll(
          rows(
              "select (first_seen_at at time zone 'UTC')::text from search_tag where name = :id",
              tag));
    }
    assertThat(seen)
        .containsExactly("2024-06-01 00:00:00", "2024-01-01 00:00:00", "2024-01-01 00:00:00");
  }

  // --- assignments and submissions ---

  @Test
  void assignmentAndSubmissionEvents() {
    UUID leader = feed.user();
    UUID member = feed.user();
    Feed.Study study = feed.study(leader);
    study.join(member);
    Instant at = Instant.parse("2024-03-05T01:02:03.987654321Z");
    Feed.Assignment assignment = study.assignment("title", "content", at);
    assertThat(assignment(assignment.id))
        .containsExactly(
            study.id + "|" + leader + "|title|content|2024-03-05 01:02:03.987654+00|true");

    assignment.update("new title", "new content");
    assertThat(assignment(assignment.id))
        .singleElement()
        .asString()
        .contains("|new title|new content|")
        .endsWith("|false");

    long submission = assignment.submit(member, "work", "<p>work</p>", at);
    assertThat(submission(submission))
        .containsExactly(
            assignment.id
                + "|"
                + study.id
                + "|"
                + member
                + "|work|<p>work</p>|2024-03-05 01:02:03.987654+00|true");
    assignment.updateSubmission(submission, "better", "<p>better</p>");
    assertThat(submission(submission))
        .singleElement()
        .asString()
        .contains("|better|<p>better</p>|")
        .endsWith("|false");
    assignment.deleteSubmission(submission);
    assertThat(submission(submission)).isEmpty();

    // the assignment goes with its submissions (their own SubmissionDeleted follow later)
    long other = assignment.submit(leader, "leader's");
    assignment.delete();
    assertThat(assignment(assignment.id)).isEmpty();
    assertThat(submission(other)).isEmpty();
    Map<String, List<String>> gone = snapshot();
    assignment.deleteSubmission(other);
    assertThat(snapshot()).isEqualTo(gone);
  }

  // --- redelivery and replay ---

  @Test
  void everyEventAppliedTwiceChangesNothing() {
    List<String> types = new ArrayList<>();
    feed =
        new Feed(
            event -> {
              history.add(event);
              apply(event);
              Map<String, List<String>> once = snapshot();
              apply(event);
              assertThat(snapshot()).as(event.type()).isEqualTo(once);
              types.add(event.data().getClass().getSimpleName());
            });
    wholeHistory();
    assertThat(types)
        .contains(
            "UserRegistered",
            "UsernameChanged",
            "UserDeleted",
            "StudyGroupCreated",
            "StudyGroupUpdated",
            "HeadImageChanged",
            "StudyGroupDeleted",
            "JoinRequested",
            "JoinRequestApproved",
            "JoinRequestRejected",
            "JoinRequestWithdrawn",
            "MemberRemoved",
            "AssignmentCreated",
            "AssignmentUpdated",
            "AssignmentDeleted",
            "SubmissionCreated",
            "SubmissionUpdated",
            "SubmissionDeleted");
  }

  @Test
  void replayingTheWholeHistoryTwiceGivesTheSameRows() {
    wholeHistory();
    Map<String, List<String>> once = snapshot();
    assertThat(once.get("search_study")).hasSize(2);
    assertThat(once.get("search_submission")).hasSize(2);
    history.forEach(this::apply);
    assertThat(snapshot()).isEqualTo(once);
  }

  @Test
  void theRowsDoNotDependOnTheInterleavingOfTheTopics() {
    wholeHistory();
    Map<String, List<String>> inOrder = snapshot();
    List<List<EventEnvelope>> orders = new ArrayList<>();
    // each topic read whole before the next, in every order of the four topics
    for (List<String> topics : permutations(List.of("identity", "study", "assignment", "sub"))) {
      List<EventEnvelope> order = new ArrayList<>();
      for (String topic : topics) {
        history.stream().filter(e -> topicOf(e).equals(topic)).forEach(order::add);
      }
      orders.add(order);
    }
    Random random = new Random(42);
    for (int i = 0; i < 8; i++) {
      orders.add(interleaved(history, random));
    }
    for (List<EventEnvelope> order : orders) {
      wipe();
      order.forEach(this::apply);
      assertThat(snapshot()).isEqualTo(inOrder);
    }
  }

  static String topicOf(EventEnvelope event) {
    String type = event.type(); // crescendo.<context>.<Event>.v1
    return type.contains(".Submission") ? "sub" : type.split("\\.")[1];
  }

  static <T> List<List<T>> permutations(List<T> items) {
    if (items.isEmpty()) {
      return List.of(List.of());
    }
    List<List<T>> all = new ArrayList<>();
    for (T first : items) {
      List<T> rest = new ArrayList<>(items);
      rest.remove(first);
      for (List<T> tail : permutations(rest)) {
        List<T> permutation = new ArrayList<>();
        permutation.add(first);
        permutation.addAll(tail);
        all.add(permutation);
      }
    }
    return all;
  }

  /**
   * A uniformly random interleaving that keeps each aggregate's order (a Kafka key is read in
   * order; keys and topics are not read in any order with respect to each other).
   */
  static List<EventEnvelope> interleaved(List<EventEnvelope> events, Random random) {
    Map<String, ArrayDeque<EventEnvelope>> bySubject = new LinkedHashMap<>();
    for (EventEnvelope event : events) {
      bySubject
          .computeIfAbsent(topicOf(event) + event.subject(), s -> new ArrayDeque<>())
          .add(event);
    }
    List<ArrayDeque<EventEnvelope>> queues = new ArrayList<>(bySubject.values());
    List<EventEnvelope> merged = new ArrayList<>();
    int remaining = events.size();
    while (remaining > 0) {
      // a queue with the probability of its share of the remaining events
      int pick = random.nextInt(remaining);
      for (ArrayDeque<EventEnvelope> queue : queues) {
        if (pick < queue.size()) {
          merged.add(queue.poll());
          break;
        }
        pick -= queue.size();
      }
      remaining--;
    }
    return merged;
  }

  /** Every event type, deletions included, over a few users and studies. */
  private void wholeHistory() {
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
    study.remove(aliceMembership, alice);

    Feed.Study led = feed.study(gone);
    led.join(carol);
    Feed.Assignment ledAssignment = led.assignment("by gone", "c");
    long carolWork = ledAssignment.submit(carol, "carol");
    long goneMembership = study.join(gone);
    feed.deleteUser(gone);
    // the cascades of study-service and assignment-service
    study.remove(goneMembership, gone);
    led.delete();
    ledAssignment.delete();
    ledAssignment.deleteSubmission(carolWork);

    // deletions whose cascades have not arrived yet
    Feed.Study deleted = feed.study(bob);
    deleted.join(carol);
    deleted.assignment("lost", "lost").submit(carol, "lost");
    deleted.delete();
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
  }

  // --- topics read independently ---

  @Test
  void submissionsConvergeWhicheverTopicIsAhead() {
    UUID leader = feed.user();
    UUID member = feed.user();
    Feed.Study study = feed.study(leader);
    study.join(member);

    // recorded, not applied: the assignment topic and the submission topic, each in its order
    List<EventEnvelope> assignmentTopic = new ArrayList<>();
    List<EventEnvelope> submissionTopic = new ArrayList<>();
    Feed recorder =
        new Feed(
            event ->
                (event.data() instanceof SubmissionEvent ? submissionTopic : assignmentTopic)
                    .add(event));
    Feed.Study same = recorder.same(study);

    // kept: an assignment with an edited submission and a second one
    Feed.Assignment kept = same.assignment("kept", "c");
    long edited = kept.submit(member, "edited");
    kept.updateSubmission(edited, "edited!", "<p>!</p>");
    long plain = kept.submit(leader, "plain");
    // gone: an assignment deleted, the cascade's deletion of its submission not read yet
    Feed.Assignment dropped = same.assignment("dropped", "c");
    long orphan = dropped.submit(member, "orphan");
    dropped.delete();
    dropped.deleteSubmission(orphan);
    EventEnvelope cascade = submissionTopic.removeLast();

    Map<String, List<String>> expected = null;
    for (List<EventEnvelope> order : interleavings(assignmentTopic, submissionTopic)) {
      reset(List.of(kept.id, dropped.id));
      for (EventEnvelope event : order) {
        apply(event);
        if (event.data() instanceof SubmissionCreated created && created.submissionId() == edited) {
          // a submission ahead of its assignment is kept until the assignment arrives
          assertThat(submission(edited)).hasSize(1);
        }
      }
      Map<String, List<String>> rows =
          Map.of(
              "assignments",
              rows(
                  "select title from search_assignment where assignment_id in (:a, :b) order by 1",
                  Map.of("a", kept.id, "b", dropped.id)),
              "submissions",
              rows(
                  "select submission_id || '|' || title from search_submission"
                      + " where submission_id in (:a, :b, :c) order by submission_id",
                  Map.of("a", edited, "b", plain, "c", orphan)));
      // the cascade's event changes nothing
      apply(cascade);
      assertThat(submission(orphan)).isEmpty();
      if (expected == null) {
        expected = rows;
        assertThat(rows.get("assignments")).containsExactly("kept");
        assertThat(rows.get("submissions")).containsExactly(edited + "|edited!", plain + "|plain");
      } else {
        assertThat(rows).as(order.toString()).isEqualTo(expected);
      }
    }
  }

  private void reset(List<Long> assignments) {
    for (long id : assignments) {
      jdbc.sql("delete from search_submission where assignment_id = :id").param("id", id).update();
      jdbc.sql("delete from search_assignment where assignment_id = :id").param("id", id).update();
      jdbc.sql("delete from search_deleted_assignment where assignment_id = :id")
          .param("id", id)
          .update();
    }
  }

  /** Every merge of two sequences that keeps the order within each. */
  static <T> List<List<T>> interleavings(List<T> a, List<T> b) {
    List<List<T>> all = new ArrayList<>();
    interleave(a, 0, b, 0, new ArrayList<>(), all);
    return all;
  }

  private static <T> void interleave(
      List<T> a, int i, List<T> b, int j, List<T> prefix, List<List<T>> all) {
    if (i == a.size() && j == b.size()) {
      all.add(List.copyOf(prefix));
      return;
    }
    if (i < a.size()) {
      prefix.add(a.get(i));
      interleave(a, i + 1, b, j, prefix, all);
      prefix.removeLast();
    }
    if (j < b.size()) {
      prefix.add(b.get(j));
      interleave(a, i, b, j + 1, prefix, all);
      prefix.removeLast();
    }
  }

  // --- account deletion ---

  @Test
  void anAccountDeletionLooksLikeTheCascadesAtOnce() {
    UUID gone = feed.user("gone");
    UUID leader = feed.user();
    UUID member = feed.user();
    UUID applicant = feed.user();

    Feed.Study led = feed.study(gone);
    led.join(member);
    led.request(applicant);
    Feed.Assignment ledAssignment = led.assignment("by gone", "c");
    long memberWorkInLed = ledAssignment.submit(member, "member's");

    Feed.Study joined = feed.study(leader);
    long goneMembership = joined.join(gone);
    joined.join(member);
    Feed.Assignment joinedAssignment = joined.assignment("by leader", "c");
    long goneWork = joinedAssignment.submit(gone, "gone's");
    long memberWork = joinedAssignment.submit(member, "member's");

    Feed.Study applied = feed.study(leader);
    long pending = applied.request(gone);
    Feed.Study rejected = feed.study(leader);
    rejected.reject(rejected.request(gone), gone);
    assertThat(memberCount(joined.id)).isEqualTo(3);

    feed.deleteUser(gone);

    assertThat(rows("select 1 from search_user where user_id = :id", gone)).isEmpty();
    assertThat(rows("select 1 from search_study where study_id = :id", led.id)).isEmpty();
    assertThat(members(led.id)).isEmpty();
    assertThat(requests(led.id)).isEmpty();
    assertThat(assignment(ledAssignment.id)).isEmpty();
    assertThat(submission(memberWorkInLed)).isEmpty();
    assertThat(members(joined.id)).containsExactly(leader + "|true", member + "|false");
    assertThat(memberCount(joined.id)).isEqualTo(2);
    assertThat(submission(goneWork)).isEmpty();
    assertThat(submission(memberWork)).hasSize(1);
    assertThat(assignment(joinedAssignment.id)).hasSize(1);
    assertThat(requests(applied.id)).isEmpty();
    assertThat(requests(rejected.id)).isEmpty();
    Map<String, List<String>> after = readModels();
    assertThat(rows("select 1 from search_deleted_study where study_id = :id", led.id)).hasSize(1);

    // the cascades' own events then change nothing the reads see
    led.delete();
    joined.remove(goneMembership, gone);
    applied.withdraw(pending, gone);
    ledAssignment.delete();
    ledAssignment.deleteSubmission(memberWorkInLed);
    joinedAssignment.deleteSubmission(goneWork);
    assertThat(readModels()).isEqualTo(after);

    // nor do the account's events that were still on their way on the other topics
    Feed.Study late = feed.study(gone);
    late.join(member);
    late.assignment("late", "c").submit(member, "late");
    joined.join(gone);
    applied.request(gone);
    joinedAssignment.submit(gone, "late");
    feed.rename(gone, "ghost");
    after.put("search_tag", readModels().get("search_tag")); // the late study's tag was seen
    assertThat(readModels()).isEqualTo(after);
    assertThat(rows("select 1 from search_deleted_study where study_id = :id", late.id)).hasSize(1);
    assertThat(memberCount(joined.id)).isEqualTo(2);
  }

  // --- concurrent subscriptions ---

  @Test
  void aDeletionAndACreationBelowItAppliedConcurrentlyAreSerialized() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      // the creation's transaction is open (checked, inserted) when the deletion comes
      UUID user = feed.user();
      Feed.Study study = feed.study(feed.user());
      List<EventEnvelope> recorded = new ArrayList<>();
      Feed recorder = new Feed(recorded::add);
      recorder.same(study).request(user); // sequence 1 of the study
      recorder.deleteUser(user);
      concurrently(threads, recorded.get(0), recorded.get(1));
      assertThat(rows("select 1 from search_join_request where user_id = :id", user)).isEmpty();

      // the deletion's transaction is open when the creation comes: the creation sees it
      UUID other = feed.user();
      Feed.Study elsewhere = feed.study(feed.user());
      recorded.clear();
      recorder.deleteUser(other);
      recorder.same(elsewhere).request(other);
      concurrently(threads, recorded.get(0), recorded.get(1));
      assertThat(rows("select 1 from search_join_request where user_id = :id", other)).isEmpty();

      // a study's deletion and an assignment of the study (two subscriptions)
      UUID leader = feed.user();
      Feed.Study deleted = feed.study(leader);
      recorded.clear();
      Feed.Assignment assignment = recorder.same(deleted).assignment("a", "b");
      recorder.same(deleted).delete();
      concurrently(threads, recorded.get(0), recorded.get(1));
      assertThat(assignment(assignment.id)).isEmpty();
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Applies {@code first} in a transaction that stays open until {@code second}, applied on another
   * thread, has had the time to finish if nothing held it back: it must wait, then both commit.
   */
  private void concurrently(ExecutorService threads, EventEnvelope first, EventEnvelope second)
      throws Exception {
    CountDownLatch applied = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> one =
        threads.submit(
            () ->
                transactions.executeWithoutResult(
                    status -> {
                      projection.apply(first);
                      applied.countDown();
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
    assertThat(applied.await(30, TimeUnit.SECONDS)).isTrue();
    Future<?> two = threads.submit(() -> apply(second));
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !two.isDone());
    release.countDown();
    one.get(30, TimeUnit.SECONDS);
    two.get(30, TimeUnit.SECONDS);
  }

  // --- helpers ---

  /** Every row of the read models that concerns the feed's users, studies and assignments. */
  Map<String, List<String>> snapshot() {
    Map<String, Object> ids = ids();
    Map<String, List<String>> snapshot = new LinkedHashMap<>();
    WHERE.forEach((table, where) -> snapshot.put(table, dump(table, where, ids)));
    return snapshot;
  }

  /** The snapshot without the tombstones: what the reads can see. */
  Map<String, List<String>> readModels() {
    Map<String, List<String>> snapshot = snapshot();
    snapshot.keySet().removeIf(table -> table.startsWith("search_deleted_"));
    return snapshot;
  }

  /** Deletes every row {@link #snapshot()} shows: the start of a new replay. */
  void wipe() {
    Map<String, Object> ids = ids();
    WHERE.forEach(
        (table, where) ->
            jdbc.sql("delete from " + table + " where " + where).params(ids).update());
  }

  private Map<String, Object> ids() {
    Map<String, Object> ids = new LinkedHashMap<>();
    ids.put("users", orNone(feed.users, UUID.randomUUID()));
    ids.put("studies", orNone(feed.studies, UUID.randomUUID()));
    ids.put("assignments", orNone(feed.assignments, -1L));
    ids.put("tags", orNone(feed.tags, "none"));
    return ids;
  }

  static final Map<String, String> WHERE = new LinkedHashMap<>();

  static {
    WHERE.put("search_user", "user_id in (:users)");
    WHERE.put("search_membership", "study_id in (:studies) or user_id in (:users)");
    WHERE.put("search_join_request", "study_id in (:studies) or user_id in (:users)");
    WHERE.put(
        "search_submission",
        "assignment_id in (:assignments) or study_id in (:studies) or author_id in (:users)");
    WHERE.put("search_assignment", "assignment_id in (:assignments) or study_id in (:studies)");
    WHERE.put("search_study", "study_id in (:studies)");
    WHERE.put("search_tag", "name in (:tags)");
    WHERE.put("search_deleted_user", "user_id in (:users)");
    WHERE.put("search_deleted_study", "study_id in (:studies)");
    WHERE.put("search_deleted_assignment", "assignment_id in (:assignments)");
  }

  private List<String> dump(String table, String where, Map<String, Object> ids) {
    return new ArrayList<>(
        jdbc.sql("select row_to_json(t)::text from " + table + " t where " + where + " order by 1")
            .params(ids)
            .query(String.class)
            .list());
  }

  private static <T> Set<T> orNone(Set<T> ids, T none) {
    return ids.isEmpty() ? Set.of(none) : ids;
  }

  List<String> rows(String sql, Object id) {
    return rows(sql, Map.of("id", id));
  }

  List<String> rows(String sql, Map<String, Object> params) {
    return jdbc.sql(sql).params(params).query((rs, n) -> rs.getString(1)).list();
  }

  List<String> members(UUID study) {
    return rows(
        "select user_id || '|' || is_leader from search_membership where study_id = :id"
            + " order by is_leader desc, joined_at, membership_id",
        study);
  }

  List<String> requests(UUID study) {
    return rows("select status from search_join_request where study_id = :id", study);
  }

  List<String> requestsById(UUID study) {
    return rows(
        "select request_id || '|' || status from search_join_request where study_id = :id"
            + " order by request_id",
        study);
  }

  int memberCount(UUID study) {
    return Integer.parseInt(
        rows("select member_count from search_study where study_id = :id", study).getFirst());
  }

  List<String> assignment(long id) {
    return rows(
        "select study_id || '|' || author_id || '|' || title || '|' || content || '|' ||"
            + " (created_at at time zone 'UTC')::text || '+00|' || (created_at = updated_at)"
            + " from search_assignment where assignment_id = :id",
        id);
  }

  List<String> submission(long id) {
    return rows(
        "select assignment_id || '|' || study_id || '|' || author_id || '|' || title || '|' ||"
            + " content || '|' || (created_at at time zone 'UTC')::text || '+00|' ||"
            + " (created_at = updated_at) from search_submission where submission_id = :id",
        id);
  }
}

package io.crescendo.bench;

import io.crescendo.events.PublicEvent;
import io.crescendo.events.assignment.AssignmentCreated;
import io.crescendo.events.assignment.AssignmentDeleted;
import io.crescendo.events.assignment.AssignmentEvent;
import io.crescendo.events.assignment.AssignmentUpdated;
import io.crescendo.events.assignment.SubmissionCreated;
import io.crescendo.events.assignment.SubmissionDeleted;
import io.crescendo.events.assignment.SubmissionEvent;
import io.crescendo.events.assignment.SubmissionUpdated;
import io.crescendo.events.identity.IdentityEvent;
import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import io.crescendo.events.study.HeadImageChanged;
import io.crescendo.events.study.JoinRequestApproved;
import io.crescendo.events.study.JoinRequestRejected;
import io.crescendo.events.study.JoinRequestWithdrawn;
import io.crescendo.events.study.JoinRequested;
import io.crescendo.events.study.MemberRemoved;
import io.crescendo.events.study.StudyCategories;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.events.study.StudyGroupDeleted;
import io.crescendo.events.study.StudyGroupEvent;
import io.crescendo.events.study.StudyGroupUpdated;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Well-formed contract events as identity-, study- and assignment-service publish them (each in its
 * envelope with its aggregate's next sequence, key = subject, CloudEvents headers by {@link
 * EventRecordCodec}), in the shape of the platform's life: people sign up (some rename themselves,
 * some delete an account they never used), lead studies that others ask to join (approved,
 * rejected, withdrawn; some members leave), studies change and get images, leaders post assignments
 * that members submit to and edit; a tenth of the studies is deleted with the cascades the services
 * publish (the study, then its submissions and assignments).
 *
 * <p>Every event is one the services could have published, so that every consumer (search-service
 * and the other services' views) applies it as it would a real one and the read models stay
 * consistent with the topics. Long ids (requests, memberships, assignments, submissions) come from
 * a range of their own far above the services' sequences, below 2^53 (API-v1 ids).
 */
final class SyntheticHistory {

  static final int MEMBERS_PER_STUDY = 4;
  static final int ASSIGNMENTS_PER_STUDY = 3;

  private static final String[] TOPICS = {
    "Spring", "자바", "React", "리액트", "Python", "파이썬", "Kotlin", "알고리즘", "Go", "운영체제", "AWS", "쿠버네티스"
  };
  private static final String[] KINDS = {"스터디", "study", "모각코", "project", "북클럽", "bootcamp"};
  private static final List<String> CATEGORIES = StudyCategories.ALL;

  private final Consumer<EventEnvelope> sink;
  private final Random random;
  private final Clock clock;
  private final Map<String, Long> sequences = new HashMap<>();
  private long nextId;
  private long lives;
  private long studies;
  private long events;

  /**
   * @param sink where each envelope goes, in publication order
   * @param seed the random choices (and the id range) follow from it
   */
  SyntheticHistory(Consumer<EventEnvelope> sink, long seed, Clock clock) {
    this.sink = sink;
    this.random = new Random(seed);
    this.clock = clock;
    // 9.0e12 … 9.9e12 (+ what a run uses): far above the services' sequences, below 2^53
    this.nextId = 9_000_000_000_000L + Math.floorMod(seed, 900L) * 1_000_000_000L;
  }

  /**
   * Publishes at least {@code count} events onto the topics of {@code bootstrap} with the services'
   * producer settings (idempotent, {@code acks=all}, lz4); returns how many.
   */
  static long publish(String bootstrap, long count, long seed) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4");
    EventRecordCodec codec = new EventRecordCodec();
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      List<Throwable> failures = new ArrayList<>();
      SyntheticHistory history =
          new SyntheticHistory(
              envelope ->
                  producer.send(
                      codec.encode(envelope),
                      (metadata, error) -> {
                        if (error != null) {
                          synchronized (failures) {
                            failures.add(error);
                          }
                        }
                      }),
              seed,
              Clock.systemUTC());
      history.atLeast(count);
      producer.flush();
      if (!failures.isEmpty()) {
        throw new IllegalStateException(
            failures.size() + " events were not published: " + failures.getFirst(),
            failures.getFirst());
      }
      return history.events();
    }
  }

  /** Whole lives until at least {@code count} events went out. */
  void atLeast(long count) {
    while (events < count) {
      life();
    }
  }

  long events() {
    return events;
  }

  long lives() {
    return lives;
  }

  /**
   * Ten people sign up (two rename themselves, one deletes the account unused), two of them lead a
   * study each with its join requests, members, changes and assignments; every tenth study is
   * deleted again.
   */
  void life() {
    List<UUID> people = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      UUID user = uuid();
      people.add(user);
      String name = (i % 2 == 0 ? "bench" : "벤치") + (lives * 10 + i);
      publish(new UserRegistered(user, user + "@bench.local", name, now()));
      if (i % 5 == 1) {
        publish(new UsernameChanged(user, name + "_renamed", now()));
      }
    }
    UUID lurker = uuid();
    publish(new UserRegistered(lurker, lurker + "@bench.local", "lurker" + lives, now()));
    publish(new UserDeleted(lurker, now()));
    for (int s = 0; s < 2; s++) {
      study(
          people.get(s * 5),
          people.subList(s * 5 + 1, s * 5 + 5),
          people.get((s * 5 + 6) % 10),
          people.get((s * 5 + 7) % 10));
    }
    lives++;
  }

  private void study(UUID leader, List<UUID> members, UUID rejectedUser, UUID withdrawingUser) {
    UUID study = uuid();
    long index = studies++;
    LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Seoul")));
    String category = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
    StudyGroupCreated created =
        new StudyGroupCreated(
            study,
            leader,
            id(),
            "%s %s %d기 모집".formatted(pick(TOPICS), pick(KINDS), index % 50),
            pick(TOPICS) + " 크루 " + index,
            "<p>함께 공부할 분을 찾습니다. We meet weekly.</p>",
            category.equals("Backend") ? List.of("Backend") : List.of(category, "Backend"),
            List.of(pick(TOPICS).toLowerCase(), "bench" + (index % 200)),
            MEMBERS_PER_STUDY + 2,
            today.plusDays(8),
            today.plusDays(60),
            today.plusDays(7),
            null,
            now());
    publish(created);
    // four become members, one is rejected, one withdraws
    List<Long> memberships = new ArrayList<>();
    for (UUID member : members) {
      long request = id();
      publish(new JoinRequested(study, request, member, "같이 해요, let me in", now()));
      long membership = id();
      publish(new JoinRequestApproved(study, request, member, membership, now()));
      memberships.add(membership);
    }
    long rejected = id();
    publish(new JoinRequested(study, rejected, rejectedUser, "please", now()));
    publish(new JoinRequestRejected(study, rejected, rejectedUser, now()));
    long withdrawn = id();
    publish(new JoinRequested(study, withdrawn, withdrawingUser, "oops", now()));
    publish(new JoinRequestWithdrawn(study, withdrawn, withdrawingUser, now()));
    if (index % 3 == 0) {
      publish(
          new StudyGroupUpdated(
              study,
              created.postTitle() + " (마감 연장)",
              created.studyName(),
              created.postContent(),
              created.categories(),
              List.of("bench" + (index % 200), "updated"),
              created.memberLimit() + 1,
              created.startDate(),
              created.endDate(),
              created.deadline().plusDays(3),
              now()));
    }
    if (index % 4 == 0) {
      publish(new HeadImageChanged(study, uuid() + ".png", now()));
    }
    if (index % 5 == 0) {
      publish(new MemberRemoved(study, memberships.getLast(), members.getLast(), now()));
    }
    List<long[]> work = new ArrayList<>(); // {assignment, submissions...}
    for (int a = 0; a < ASSIGNMENTS_PER_STUDY; a++) {
      long assignment = id();
      publish(
          new AssignmentCreated(
              assignment,
              study,
              leader,
              "과제 " + (a + 1),
              "<p>이번 주 과제: chapter " + a + "</p>",
              now()));
      long[] submissions = new long[MEMBERS_PER_STUDY - 1];
      for (int m = 0; m < submissions.length; m++) {
        submissions[m] = id();
        publish(
            new SubmissionCreated(
                submissions[m],
                assignment,
                study,
                members.get(m),
                "제출 " + m,
                "<p>answer " + m + "</p>",
                now()));
      }
      publish(
          new SubmissionUpdated(
              submissions[0], assignment, study, "제출 0 (수정)", "<p>better answer</p>", now()));
      if (a == 0) {
        publish(new AssignmentUpdated(assignment, study, "과제 1 (수정)", "<p>edited</p>", now()));
      }
      long[] row = new long[submissions.length + 1];
      row[0] = assignment;
      System.arraycopy(submissions, 0, row, 1, submissions.length);
      work.add(row);
    }
    if (index % 10 == 9) {
      // study-service deletes the study; assignment-service cascades over its work
      publish(new StudyGroupDeleted(study, now()));
      for (long[] row : work) {
        for (int i = 1; i < row.length; i++) {
          publish(new SubmissionDeleted(row[i], row[0], study, now()));
        }
        publish(new AssignmentDeleted(row[0], study, now()));
      }
    }
  }

  /** The event in its envelope with the next sequence of its aggregate. */
  private void publish(PublicEvent event) {
    String subject;
    String source;
    switch (event) {
      case IdentityEvent e -> {
        subject = e.userId().toString();
        source = "/crescendo/identity-service";
      }
      case StudyGroupEvent e -> {
        subject = e.studyId().toString();
        source = "/crescendo/study-service";
      }
      case AssignmentEvent e -> {
        subject = Long.toString(e.assignmentId());
        source = "/crescendo/assignment-service";
      }
      case SubmissionEvent e -> {
        subject = Long.toString(e.submissionId());
        source = "/crescendo/assignment-service";
      }
      default -> throw new IllegalArgumentException("not a public event family: " + event);
    }
    long sequence = sequences.merge(subject, 1L, Long::sum) - 1;
    sink.accept(EventEnvelope.of(uuid().toString(), source, now(), subject, sequence, event));
    events++;
  }

  private long id() {
    return nextId++;
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private Instant now() {
    return clock.instant();
  }

  /** A random (version 4) UUID from this history's random numbers. */
  private UUID uuid() {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }
}

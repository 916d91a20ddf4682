package io.crescendo.search.testsupport;

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
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.events.study.StudyGroupDeleted;
import io.crescendo.events.study.StudyGroupEvent;
import io.crescendo.events.study.StudyGroupUpdated;
import io.crescendo.local.test.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Events as identity-, study- and assignment-service publish them: each in its envelope with the
 * aggregate's next sequence number, handed to a sink — the real topics ({@link #kafka()}) or
 * anything else (a projection called directly). Remembers the users, studies and assignments it
 * made, so that a test can look at its own rows only.
 */
public final class Feed {

  public static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

  /** Ids (memberships, requests, assignments, submissions) of their own range in the test JVM. */
  private static final AtomicLong IDS =
      new AtomicLong(1_000_000_000L + ThreadLocalRandom.current().nextLong(100_000) * 1_000);

  private static final EventRecordCodec CODEC = new EventRecordCodec();
  private static KafkaProducer<String, byte[]> producer;

  private final Consumer<EventEnvelope> sink;
  private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
  public final Set<UUID> users = new LinkedHashSet<>();
  public final Set<UUID> studies = new LinkedHashSet<>();
  public final Set<Long> assignments = new LinkedHashSet<>();
  public final Set<String> tags = new LinkedHashSet<>();

  public Feed(Consumer<EventEnvelope> sink) {
    this.sink = sink;
  }

  /** A feed onto the real topics of the shared broker. */
  public static Feed kafka() {
    return new Feed(Feed::send);
  }

  public static long nextId() {
    return IDS.incrementAndGet();
  }

  public static LocalDate today() {
    return LocalDate.now(SEOUL);
  }

  // --- identity ---

  public UUID user() {
    return user("u" + nextId());
  }

  public UUID user(String username) {
    UUID id = UUID.randomUUID();
    users.add(id);
    publish(new UserRegistered(id, id + "@x.io", username, Instant.now()));
    return id;
  }

  public void rename(UUID user, String username) {
    publish(new UsernameChanged(user, username, Instant.now()));
  }

  public void deleteUser(UUID user) {
    publish(new UserDeleted(user, Instant.now()));
  }

  // --- studies ---

  /** A study open for applications: deadline in 5 days, activity from day 6 to day 30, 5 places. */
  public Study study(UUID leader) {
    LocalDate today = today();
    return study(
        leader, today.plusDays(5), today.plusDays(6), today.plusDays(30), 5, Instant.now());
  }

  public Study study(
      UUID leader,
      LocalDate deadline,
      LocalDate start,
      LocalDate end,
      int memberLimit,
      Instant createdAt) {
    Study study = new Study(UUID.randomUUID(), leader, nextId());
    studies.add(study.id);
    tags.add("t" + study.leaderMembership);
    tags.add("new" + study.leaderMembership);
    study.created =
        new StudyGroupCreated(
            study.id,
            leader,
            study.leaderMembership,
            "title " + study.id,
            "name " + study.id,
            "<p>hello</p>",
            List.of("Backend", "AI"),
            List.of("t" + study.leaderMembership),
            memberLimit,
            start,
            end,
            deadline,
            null,
            createdAt);
    publish(study.created);
    return study;
  }

  /** The same study, its events published through this feed (with their own sequences). */
  public Study same(Study study) {
    Study same = new Study(study.id, study.leader, study.leaderMembership);
    same.created = study.created;
    return same;
  }

  /** A study on the topic. */
  public final class Study {
    public final UUID id;
    public final UUID leader;
    public final long leaderMembership;
    public StudyGroupCreated created;

    Study(UUID id, UUID leader, long leaderMembership) {
      this.id = id;
      this.leader = leader;
      this.leaderMembership = leaderMembership;
    }

    public long request(UUID user) {
      long request = nextId();
      publish(new JoinRequested(id, request, user, "let " + user + " in", Instant.now()));
      return request;
    }

    public long approve(long request, UUID user) {
      long membership = nextId();
      publish(new JoinRequestApproved(id, request, user, membership, Instant.now()));
      return membership;
    }

    /** Request and approval: a new (non-leader) member; the membership id. */
    public long join(UUID user) {
      return approve(request(user), user);
    }

    public void reject(long request, UUID user) {
      publish(new JoinRequestRejected(id, request, user, Instant.now()));
    }

    public void withdraw(long request, UUID user) {
      publish(new JoinRequestWithdrawn(id, request, user, Instant.now()));
    }

    public void remove(long membership, UUID user) {
      publish(new MemberRemoved(id, membership, user, Instant.now()));
    }

    public void update(String name, LocalDate deadline, int memberLimit) {
      publish(
          new StudyGroupUpdated(
              id,
              "new title",
              name,
              "<p>new</p>",
              List.of("Etc"),
              List.of("new" + leaderMembership),
              memberLimit,
              created.startDate(),
              created.endDate(),
              deadline,
              Instant.now()));
    }

    public void image(String name) {
      publish(new HeadImageChanged(id, name, Instant.now()));
    }

    public void delete() {
      publish(new StudyGroupDeleted(id, Instant.now()));
    }

    public Assignment assignment(String title, String content) {
      return assignment(title, content, Instant.now());
    }

    public Assignment assignment(String title, String content, Instant at) {
      long assignment = nextId();
      assignments.add(assignment);
      publish(new AssignmentCreated(assignment, id, leader, title, content, at));
      return new Assignment(assignment, id);
    }
  }

  /** An assignment on the topic. */
  public final class Assignment {
    public final long id;
    public final UUID study;

    Assignment(long id, UUID study) {
      this.id = id;
      this.study = study;
    }

    public void update(String title, String content) {
      publish(new AssignmentUpdated(id, study, title, content, Instant.now()));
    }

    public void delete() {
      publish(new AssignmentDeleted(id, study, Instant.now()));
    }

    public long submit(UUID author, String title) {
      return submit(author, title, "<p>" + title + "</p>", Instant.now());
    }

    public long submit(UUID author, String title, String content, Instant at) {
      long submission = nextId();
      publish(new SubmissionCreated(submission, id, study, author, title, content, at));
      return submission;
    }

    public void updateSubmission(long submission, String title, String content) {
      publish(new SubmissionUpdated(submission, id, study, title, content, Instant.now()));
    }

    public void deleteSubmission(long submission) {
      publish(new SubmissionDeleted(submission, id, study, Instant.now()));
    }
  }

  // --- envelopes ---

  /** The event in its envelope, with the next sequence of its aggregate, into the sink. */
  public void publish(PublicEvent event) {
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
    long sequence = sequences.computeIfAbsent(subject, s -> new AtomicLong()).getAndIncrement();
    sink.accept(
        EventEnvelope.of(
            UUID.randomUUID().toString(), source, Instant.now(), subject, sequence, event));
  }

  private static synchronized void send(EventEnvelope envelope) {
    if (producer == null) {
      producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  TestInfrastructure.shared().kafkaBootstrapServers(),
                  ProducerConfig.ACKS_CONFIG,
                  "all"),
              new StringSerializer(),
              new ByteArraySerializer());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> producer.close(Duration.ZERO)));
    }
    ProducerRecord<String, byte[]> record = CODEC.encode(envelope);
    try {
      producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

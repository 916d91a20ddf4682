package io.crescendo.search.projection.rebuild;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import io.crescendo.events.TopicSpec;
import io.crescendo.events.Topics;
import io.crescendo.events.consumer.EventSubscription;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.events.kafka.CloudEventHeaders;
import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import io.crescendo.events.study.StudyGroupUpdated;
import io.crescendo.local.test.TestInfrastructure;
import io.crescendo.search.testsupport.Feed;
import io.crescendo.search.testsupport.Feed.Assignment;
import io.crescendo.search.testsupport.Feed.Study;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A realistic history on topics of the rebuild tests' own, so that nothing another test class
 * publishes or consumes (on the shared broker, in the shared consumer groups) changes the live read
 * models these tests compare: every subscription bean is renamed ({@code <name>.rebuildtest}) and
 * reads {@code crescendo.<context>rebuildtest.<aggregate>.v1} instead of the real topic.
 */
final class RebuildHistory implements AutoCloseable {

  static final String SUFFIX = "rebuildtest";

  /** Renames the subscriptions and their topics (a test context, or the rebuild command's). */
  @TestConfiguration(proxyBeanMethods = false)
  static class OwnTopicsAndGroups {

    @Bean
    static BeanPostProcessor ownTopicsAndGroups() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          return bean instanceof EventSubscription subscription ? isolated(subscription) : bean;
        }
      };
    }
  }

  static EventSubscription isolated(EventSubscription subscription) {
    return new EventSubscription(
        subscription.name() + "." + SUFFIX,
        subscription.topics().stream().map(RebuildHistory::isolated).toList(),
        subscription.handler());
  }

  static TopicSpec isolated(TopicSpec topic) {
    return new TopicSpec(
        isolated(topic.name()), topic.partitions(), topic.configs(), topic.events());
  }

  /** {@code crescendo.identity.user.v1} → {@code crescendo.identityrebuildtest.user.v1}. */
  static String isolated(String topic) {
    String[] parts = topic.split("\\.");
    return String.join(".", parts[0], parts[1] + SUFFIX, parts[2], parts[3]);
  }

  private static final EventRecordCodec CODEC = new EventRecordCodec();

  private final KafkaProducer<String, byte[]> producer =
      new KafkaProducer<>(
          Map.of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
              TestInfrastructure.shared().kafkaBootstrapServers(),
              ProducerConfig.ACKS_CONFIG,
              "all",
              ProducerConfig.LINGER_MS_CONFIG,
              5),
          new StringSerializer(),
          new ByteArraySerializer());

  private final List<EventEnvelope> sent = Collections.synchronizedList(new ArrayList<>());
  private final Random random = new Random(42);

  /** Events as the services publish them, onto the own topics (asynchronously, see flush). */
  final Feed feed = new Feed(this::send);

  /** Waits until the subscriptions created the own topics. */
  static void awaitTopics(Duration within) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.shared().kafkaBootstrapServers()))) {
      List<String> wanted = Topics.all().stream().map(t -> isolated(t.name())).toList();
      await()
          .atMost(within)
          .until(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS).containsAll(wanted));
    }
  }

  private void send(EventEnvelope envelope) {
    sent.add(envelope);
    ProducerRecord<String, byte[]> record = CODEC.encode(envelope);
    producer.send(
        new ProducerRecord<>(
            isolated(record.topic()), null, record.key(), record.value(), record.headers()));
  }

  /** Sends and waits for the broker's acknowledgement. */
  void sendNow(EventEnvelope envelope) {
    send(envelope);
    flush();
  }

  void flush() {
    producer.flush();
  }

  /**
   * Users, studies with requests, decisions, members, updates, images, removals, withdrawals and
   * deletions, tags of their own and tags many studies share, assignments with submissions, updates
   * and deletions, publisher duplicates, a record of an unknown type, a malformed record and one
   * that the projection cannot apply (parked).
   *
   * @return the users that a later {@link #deleteSome} may delete
   */
  List<UUID> publishLife(int users, int studies) {
    List<UUID> people = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      UUID user = feed.user();
      people.add(user);
      if (i % 5 == 0) {
        feed.rename(user, "renamed" + i);
      }
    }
    for (int i = 0; i < studies; i++) {
      Study study = feed.study(pick(people));
      List<UUID> applicants = List.of(pick(people), pick(people), pick(people), pick(people));
      long first = study.request(applicants.get(0));
      long second = study.request(applicants.get(1));
      long third = study.request(applicants.get(2));
      long fourth = study.request(applicants.get(3));
      long member = study.approve(first, applicants.get(0));
      study.approve(second, applicants.get(1));
      study.reject(third, applicants.get(2));
      study.withdraw(fourth, applicants.get(3));
      if (i % 3 == 0) {
        study.update("updated " + i, Feed.today().plusDays(7), 8);
      } else if (i % 3 == 1) {
        feed.publish(
            new StudyGroupUpdated(
                study.id,
                "shared tags " + i,
                "study " + i,
                "<p>spring</p>",
                List.of("Backend"),
                List.of("spring", "java", "tag" + (i % 7)),
                6,
                study.created.startDate(),
                study.created.endDate(),
                study.created.deadline(),
                Instant.now()));
      }
      if (i % 4 == 0) {
        study.image(UUID.randomUUID() + ".png");
      }
      if (i % 5 == 0) {
        study.remove(member, applicants.get(0));
      }
      List<Assignment> assignments = new ArrayList<>();
      if (i % 2 == 0) {
        for (int a = 0; a < 2; a++) {
          Assignment assignment = study.assignment("task " + a, "<p>do " + a + "</p>");
          assignments.add(assignment);
          long submission = assignment.submit(applicants.get(1), "answer");
          assignment.submit(study.leader, "model answer");
          if (a == 1) {
            assignment.updateSubmission(submission, "better answer", "<p>better</p>");
            assignment.update("task " + a + " (edited)", "<p>edited</p>");
          }
        }
      }
      if (i % 10 == 9) {
        // as study-service and assignment-service cascade it
        for (Assignment assignment : assignments) {
          assignment.delete();
        }
        study.delete();
        study.request(pick(people)); // too late: the study is gone
      }
    }
    // the at-least-once publisher sends some records twice, and an older one after a newer one
    List<EventEnvelope> some;
    synchronized (sent) {
      some = new ArrayList<>(sent.subList(0, Math.min(sent.size(), 200)));
    }
    for (int i = 0; i < some.size(); i += 7) {
      send(some.get(i));
    }
    // a newer producer's event type, a malformed record and one the projection refuses
    UUID odd = feed.user();
    var unknown = CODEC.encode(envelope(odd, 1, new UsernameChanged(odd, "x", Instant.now())));
    RecordHeaders headers = new RecordHeaders(unknown.headers().toArray());
    headers.remove(CloudEventHeaders.TYPE);
    headers.add(CloudEventHeaders.TYPE, "crescendo.identity.UserPromoted.v1".getBytes(UTF_8));
    raw(unknown.topic(), odd.toString(), "{}".getBytes(UTF_8), headers);
    var garbage = CODEC.encode(envelope(odd, 2, new UsernameChanged(odd, "y", Instant.now())));
    raw(garbage.topic(), odd.toString(), "{not json".getBytes(UTF_8), garbage.headers());
    UUID poison = UUID.randomUUID();
    send(
        envelope(
            poison,
            0,
            new UserRegistered(poison, "x".repeat(400) + "@x.io", "long", Instant.now())));
    flush();
    return people;
  }

  /** Deletes some accounts, with the cascades of study-service as they publish them. */
  List<UUID> deleteSome(List<UUID> people, int count) {
    List<UUID> deleted = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      UUID user = people.get(random.nextInt(people.size()));
      if (!deleted.contains(user)) {
        deleted.add(user);
        feed.deleteUser(user);
      }
    }
    flush();
    return deleted;
  }

  /** What deleted accounts still do on their way out: nothing of it is applied. */
  void lateEventsOf(List<UUID> deleted, List<UUID> people) {
    for (UUID user : deleted.subList(0, Math.min(5, deleted.size()))) {
      Study study = feed.study(pick(people));
      study.request(user);
      feed.study(user);
    }
    flush();
  }

  private UUID pick(List<UUID> people) {
    return people.get(random.nextInt(people.size()));
  }

  private void raw(String topic, String key, byte[] value, Iterable<?> headers) {
    RecordHeaders copy = new RecordHeaders();
    for (Object header : headers) {
      var h = (org.apache.kafka.common.header.Header) header;
      copy.add(h.key(), h.value());
    }
    producer.send(new ProducerRecord<>(isolated(topic), null, key, value, copy));
  }

  private static EventEnvelope envelope(
      UUID subject, long sequence, io.crescendo.events.PublicEvent event) {
    return EventEnvelope.of(
        UUID.randomUUID().toString(),
        "/crescendo/identity-service",
        Instant.now(),
        subject.toString(),
        sequence,
        event);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}

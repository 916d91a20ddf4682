package io.crescendo.events.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one {@link EventSubscription}: its own {@code KafkaConsumer} on its own platform thread.
 *
 * <p>Per record, in one JDBC transaction: claim the event in {@code consumed_event} (skipped if its
 * sequence is not newer than the aggregate's last applied one) and call the handler. Offsets are
 * committed after the transactions of a poll batch, so a crash in between only redelivers records
 * that the claim then skips. A failing handler is retried in place (the consumer does not move on),
 * then the record is parked on the dead-letter topic; malformed records are parked at once, records
 * of unknown type skipped. Outages of Kafka or the database never park anything: the loop waits and
 * tries again.
 */
final class SubscriptionConsumer implements SubscriptionProgress {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionConsumer.class);

  private static final Duration FIRST_OUTAGE_BACKOFF = Duration.ofSeconds(1);

  /** How often a waiter re-asks the group coordinator about partitions another replica owns. */
  private static final Duration REMOTE_RECHECK = Duration.ofMillis(200);

  private static final int MAX_REASON_LENGTH = 2_000;

  private final EventSubscription subscription;
  private final ConsumerProperties properties;
  private final Supplier<Consumer<String, byte[]>> newConsumer;
  private final Admin admin;
  private final Producer<String, byte[]> deadLetters;
  private final TransactionTemplate transactions;
  private final ConsumedEvents consumedEvents;
  private final EventRecordCodec codec = new EventRecordCodec();

  /** Committed offset per partition as far as this replica knows: a lower bound of the group's. */
  private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();

  private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

  /** Wakes waiters: commits and rebalances (awaitCaughtUp), stop (back-off pauses). */
  private final Object signal = new Object();

  private long progress; // guarded by signal; bumped on every wake-up-worthy change

  private volatile boolean running;
  private volatile boolean topicsReady;
  private volatile Thread thread;
  private final RecordTracing tracing;

  /** Records in the assigned partitions not yet read, as of the last poll (a metric). */
  private volatile long lag;

  private volatile Consumer<String, byte[]> consumer;

  SubscriptionConsumer(
      EventSubscription subscription,
      ConsumerProperties properties,
      Supplier<Consumer<String, byte[]>> newConsumer,
      Admin admin,
      Producer<String, byte[]> deadLetters,
      TransactionTemplate transactions,
      ConsumedEvents consumedEvents,
      RecordTracing tracing) {
    this.tracing = tracing;
    this.subscription = subscription;
    this.properties = properties;
    this.newConsumer = newConsumer;
    this.admin = admin;
    this.deadLetters = deadLetters;
    this.transactions = transactions;
    this.consumedEvents = consumedEvents;
  }

  @Override
  public String subscription() {
    return subscription.name();
  }

  // ---- lifecycle ----

  synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    // A platform thread of its own: handlers block on JDBC and must never hold a Netty event loop.
    thread = Thread.ofPlatform().name("crescendo-consumer-" + subscription.name()).start(this::run);
  }

  /** Asks the loop to stop: wakes a blocking poll or commit and any back-off pause. */
  void requestStop() {
    running = false;
    signalProgress();
    Consumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
  }

  /** Waits for the loop to close its consumer; interrupts a handler that outlives the timeout. */
  void awaitStopped(Duration timeout) {
    Thread current = thread;
    if (current == null) {
      return;
    }
    try {
      if (!current.join(timeout)) {
        log.warn(
            "Subscription {} still busy after {}; interrupting its thread",
            subscription.name(),
            timeout);
        current.interrupt();
        current.join(Duration.ofSeconds(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean isRunning() {
    return running;
  }

  private boolean active() {
    return running && !Thread.currentThread().isInterrupted();
  }

  // ---- the poll loop ----

  private void run() {
    Duration backoff = firstOutageBackoff();
    log.info("Subscription {} reading {}", subscription.name(), subscription.topicNames());
    while (active()) {
      Consumer<String, byte[]> kafka = newConsumer.get();
      consumer = kafka;
      try {
        if (!active()) {
          break; // stop() came before the consumer was visible to it
        }
        ensureTopics();
        kafka.subscribe(subscription.topicNames(), rebalanceListener(kafka));
        while (active()) {
          ConsumerRecords<String, byte[]> records = kafka.poll(properties.pollTimeout());
          backoff = firstOutageBackoff();
          applyAll(kafka, records);
          lag = lagOf(kafka);
        }
      } catch (WakeupException e) {
        // stop() woke a poll or a commit
      } catch (RuntimeException e) {
        // Broker unreachable, commit refused after a rebalance, ...: start over from the
        // committed offsets; records applied since are skipped by their claim.
        log.warn(
            "Subscription {} cannot read from Kafka ({}); reconnecting in {}",
            subscription.name(),
            e.toString(),
            backoff);
        log.debug("Subscription {} failure", subscription.name(), e);
        pause(backoff);
        backoff = nextOutageBackoff(backoff);
      } finally {
        consumer = null;
        close(kafka);
        assigned.clear();
        signalProgress();
      }
    }
    log.info("Subscription {} stopped", subscription.name());
  }

  /** The records not yet read in the assigned partitions, from the last fetch's metadata. */
  private static long lagOf(Consumer<String, byte[]> kafka) {
    long total = 0;
    for (TopicPartition partition : kafka.assignment()) {
      total += kafka.currentLag(partition).orElse(0);
    }
    return total;
  }

  /** Records in this replica's partitions still to be read, as of its last poll. */
  long lag() {
    return lag;
  }

  /** Applies the records of a poll, then commits the offsets of those that were dealt with. */
  private void applyAll(Consumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    try {
      for (TopicPartition partition : records.partitions()) {
        for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
          if (!active() || !apply(record)) {
            return; // stopping: what is not done yet is redelivered to the next owner
          }
          done.put(partition, new OffsetAndMetadata(record.offset() + 1));
        }
      }
    } finally {
      commit(kafka, done);
    }
  }

  private void commit(Consumer<String, byte[]> kafka, Map<TopicPartition, OffsetAndMetadata> done) {
    if (done.isEmpty()) {
      return;
    }
    try {
      kafka.commitSync(done, properties.kafkaTimeout());
    } catch (WakeupException e) {
      // stop() came while the batch was applied; a wake-up fires once, so this commit goes through.
      kafka.commitSync(done, properties.kafkaTimeout());
    }
    done.forEach((partition, offset) -> committed.merge(partition, offset.offset(), Math::max));
    signalProgress();
  }

  /**
   * Applies, skips or parks one record.
   *
   * @return false only if the subscription is stopping before the record was dealt with
   */
  private boolean apply(ConsumerRecord<String, byte[]> record) {
    EventEnvelope event;
    switch (DecodedRecord.decode(codec, record)) {
      case DecodedRecord.Event decoded -> event = decoded.envelope();
      case DecodedRecord.UnknownType unknown -> {
        // A newer producer added an event type (additive evolution): not for this reader.
        log.info(
            "Subscription {} skips {} of unknown type {}",
            subscription.name(),
            at(record),
            unknown.type());
        return true;
      }
      case DecodedRecord.Malformed malformed -> {
        return park(
            record, "malformed record: " + malformed.error().getMessage(), malformed.error());
      }
    }
    int failures = 0;
    Duration outageBackoff = firstOutageBackoff();
    while (active()) {
      try {
        tracing.inTrace(
            subscription.name(),
            record,
            () ->
                transactions.executeWithoutResult(
                    status -> {
                      if (consumedEvents.claim(subscription.name(), event)) {
                        subscription.handler().handle(event);
                        log.info(
                            "Subscription {} applied {} {}#{}",
                            subscription.name(),
                            event.type(),
                            event.subject(),
                            event.sequence());
                      } else {
                        log.debug(
                            "Subscription {} skips duplicate {}", subscription.name(), at(record));
                      }
                    }));
        return true;
      } catch (RuntimeException e) {
        if (isDatabaseOutage(e)) {
          log.warn(
              "Subscription {} cannot reach the database ({}); retrying {} in {}",
              subscription.name(),
              e.toString(),
              at(record),
              outageBackoff);
          pause(outageBackoff);
          outageBackoff = nextOutageBackoff(outageBackoff);
          continue;
        }
        failures++;
        if (failures > properties.retryBackoffs().size()) {
          return park(record, "handler failed %d times: %s".formatted(failures, e), e);
        }
        Duration delay = properties.retryBackoffs().get(failures - 1);
        log.warn(
            "Subscription {} failed to apply {} ({}); retry {} in {}",
            subscription.name(),
            at(record),
            e.toString(),
            failures,
            delay);
        pause(delay);
      }
    }
    return false;
  }

  /** Sends the record to the dead-letter topic, waiting for the broker however long it takes. */
  private boolean park(ConsumerRecord<String, byte[]> record, String reason, Exception error) {
    ProducerRecord<String, byte[]> letter = deadLetter(record, reason, error);
    Duration backoff = firstOutageBackoff();
    while (active()) {
      try {
        deadLetters.send(letter).get(properties.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
        log.error(
            "Subscription {} parked {} on {}: {}",
            subscription.name(),
            at(record),
            letter.topic(),
            reason,
            error);
        return true;
      } catch (ExecutionException | TimeoutException | KafkaException e) {
        log.warn(
            "Subscription {} cannot park {} yet ({}); retrying in {}",
            subscription.name(),
            at(record),
            e.toString(),
            backoff);
        pause(backoff);
        backoff = nextOutageBackoff(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return false;
  }

  private ProducerRecord<String, byte[]> deadLetter(
      ConsumerRecord<String, byte[]> record, String reason, Exception error) {
    Headers headers = new RecordHeaders(record.headers().toArray());
    header(headers, DeadLetterHeaders.REASON, truncate(reason));
    header(headers, DeadLetterHeaders.EXCEPTION, error.getClass().getName());
    header(headers, DeadLetterHeaders.TOPIC, record.topic());
    header(headers, DeadLetterHeaders.PARTITION, Integer.toString(record.partition()));
    header(headers, DeadLetterHeaders.OFFSET, Long.toString(record.offset()));
    header(headers, DeadLetterHeaders.SUBSCRIPTION, subscription.name());
    return new ProducerRecord<>(
        subscription.deadLetterTopic(), null, record.key(), record.value(), headers);
  }

  private ConsumerRebalanceListener rebalanceListener(Consumer<String, byte[]> kafka) {
    return new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
          try {
            // Where reading resumes = the committed offset: lets awaitCaughtUp answer locally
            // for a partition that receives nothing new.
            committed.merge(
                partition, kafka.position(partition, properties.kafkaTimeout()), Math::max);
          } catch (RuntimeException e) {
            // awaitCaughtUp asks the group coordinator instead
          }
        }
        assigned.addAll(partitions);
        signalProgress();
      }

      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
        signalProgress();
      }
    };
  }

  /**
   * Creates the subscribed topics and the dead-letter topic if missing. Where the service may not
   * create topics, operators do (deploy/), and a warning is enough.
   */
  private void ensureTopics() {
    if (topicsReady) {
      return;
    }
    List<NewTopic> topics = new ArrayList<>();
    subscription.topics().forEach(spec -> topics.add(spec.toNewTopic(Optional.empty())));
    topics.add(
        new NewTopic(subscription.deadLetterTopic(), Optional.of(1), Optional.empty())
            .configs(
                Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG,
                    "-1")));
    long timeout = properties.kafkaTimeout().toMillis();
    var result = admin.createTopics(topics, new CreateTopicsOptions().timeoutMs((int) timeout));
    for (var entry : result.values().entrySet()) {
      try {
        entry.getValue().get(timeout, TimeUnit.MILLISECONDS);
        log.info("Created Kafka topic {}", entry.getKey());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RetriableException) {
          throw new KafkaException("cannot create topic " + entry.getKey(), e.getCause());
        }
        if (!(e.getCause() instanceof TopicExistsException)) {
          log.warn("Cannot create topic {}: {}", entry.getKey(), e.getCause().toString());
        }
      } catch (TimeoutException e) {
        throw new KafkaException("timed out creating topic " + entry.getKey(), e);
      } catch (InterruptedException e) {
        throw new InterruptException(e);
      }
    }
    topicsReady = true;
  }

  private static void close(Consumer<String, byte[]> kafka) {
    try {
      kafka.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    } catch (RuntimeException e) {
      log.debug("Closing a Kafka consumer failed", e);
    }
  }

  // ---- progress ----

  @Override
  public boolean awaitCaughtUp(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      Map<TopicPartition, Long> ends = endOffsets(deadline);
      while (true) {
        long seen = currentProgress();
        Set<TopicPartition> behind = behind(ends, deadline);
        if (behind.isEmpty()) {
          return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        // Local partitions signal each commit; others are owned by another replica, ask again soon.
        boolean remote = behind.stream().anyMatch(p -> !ownedHere(p));
        awaitProgress(seen, remote ? Math.min(left, REMOTE_RECHECK.toNanos()) : left);
      }
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      log.debug("Subscription {} cannot tell its lag: {}", subscription.name(), e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public long appliedSequence(String subject) {
    return consumedEvents.appliedSequence(subscription.name(), subject);
  }

  /** The end offsets (last stable offsets, as read_committed sees them) of every partition now. */
  private Map<TopicPartition, Long> endOffsets(long deadline)
      throws ExecutionException, TimeoutException, InterruptedException {
    var topics =
        admin
            .describeTopics(subscription.topicNames())
            .allTopicNames()
            .get(left(deadline), TimeUnit.NANOSECONDS);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    topics.forEach(
        (name, description) ->
            description
                .partitions()
                .forEach(
                    p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    var offsets =
        admin
            .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
            .all()
            .get(left(deadline), TimeUnit.NANOSECONDS);
    Map<TopicPartition, Long> ends = new HashMap<>();
    offsets.forEach((partition, info) -> ends.put(partition, info.offset()));
    return ends;
  }

  /** The partitions whose committed offset is still below the end offset. */
  private Set<TopicPartition> behind(Map<TopicPartition, Long> ends, long deadline)
      throws ExecutionException, TimeoutException, InterruptedException {
    Set<TopicPartition> behind = new HashSet<>();
    ends.forEach(
        (partition, end) -> {
          if (committed.getOrDefault(partition, 0L) < end) {
            behind.add(partition);
          }
        });
    if (behind.stream().anyMatch(p -> !ownedHere(p))) {
      Map<TopicPartition, OffsetAndMetadata> group =
          admin
              .listConsumerGroupOffsets(subscription.name())
              .partitionsToOffsetAndMetadata()
              .get(left(deadline), TimeUnit.NANOSECONDS);
      group.forEach(
          (partition, offset) -> {
            if (offset != null) {
              committed.merge(partition, offset.offset(), Math::max);
            }
          });
      behind.removeIf(p -> committed.getOrDefault(p, 0L) >= ends.get(p));
    }
    return behind;
  }

  private boolean ownedHere(TopicPartition partition) {
    return assigned.contains(partition) && committed.containsKey(partition);
  }

  private long currentProgress() {
    synchronized (signal) {
      return progress;
    }
  }

  private void awaitProgress(long seen, long nanos) throws InterruptedException {
    synchronized (signal) {
      if (progress == seen) {
        TimeUnit.NANOSECONDS.timedWait(signal, nanos);
      }
    }
  }

  private void signalProgress() {
    synchronized (signal) {
      progress++;
      signal.notifyAll();
    }
  }

  /** Waits for the delay, or less if the subscription stops. */
  private void pause(Duration delay) {
    long deadline = System.nanoTime() + delay.toNanos();
    synchronized (signal) {
      long left;
      while (running && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(signal, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  // ---- helpers ----

  /**
   * Kafka is fine but the database is not: every record would fail alike, so retry without limit
   * instead of parking the whole stream.
   */
  static boolean isDatabaseOutage(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof CannotCreateTransactionException
          || t instanceof DataAccessResourceFailureException
          || t instanceof TransientDataAccessResourceException) {
        return true;
      }
      // SQLState class 08: connection exception
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }

  private Duration firstOutageBackoff() {
    return min(FIRST_OUTAGE_BACKOFF, properties.outageBackoffMax());
  }

  private Duration nextOutageBackoff(Duration backoff) {
    return min(backoff.multipliedBy(2), properties.outageBackoffMax());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static long left(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private static String at(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  private static String truncate(String reason) {
    return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
  }

  private static void header(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(UTF_8));
  }
}

package io.crescendo.events.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.crescendo.events.kafka.EventEnvelope;
import io.crescendo.events.kafka.EventRecordCodec;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replays subscriptions from their topics into the database: the building block of a read-model
 * rebuild. Unlike the live {@link EventConsumers} it has no consumer group: it {@code assign()}s
 * every partition of the subscriptions' topics, reads from the given offsets (0 for a rebuild) up
 * to given end offsets, commits no offsets and creates no topic.
 *
 * <p>Records are treated exactly as live consumption treats them: decoded with the same codec;
 * records of unknown type skipped; malformed records and records the live subscription parked on
 * its dead-letter topic (its handler kept failing) skipped, since live consumption never applied
 * them; every event claimed in {@code consumed_event} under its subscription's name (once per
 * subscription, aggregate and sequence) before the subscription's handler sees it. A handler or
 * database failure aborts the replay with a {@link ReplayException} naming the record.
 *
 * <p>Speed: many records per transaction ({@link Builder#batchSize(int)}), their claims in two
 * statements ({@link ConsumedEvents#claimAll}, without the live claim's notification: nobody waits
 * on a replay), the new events handed to each handler at once ({@link EventHandler#handleAll}, for
 * handlers that apply them with set-based statements), the next batch read and decoded on a thread
 * of its own meanwhile. Order: per partition as stored, and across partitions, topics and
 * subscriptions merged by record timestamp, the order in which a caught-up live consumer met them;
 * so that a projection which (wrongly) depends on the order of different aggregates most likely
 * comes out as it did live.
 *
 * <p>To compare the result with the live tables, replay up to {@link #committedOffsets()} (never
 * ahead of live consumption) and finally, with the live writers blocked, through a {@link
 * ReplayGate} ({@link #appliedIn(String)}) that lets through exactly what they applied beyond.
 *
 * <p>{@link Builder#beforeEachTransaction(Runnable)} runs first in every transaction, e.g. {@code
 * set local search_path to <schema>, public} to build into other tables: the claim and the handlers
 * use unqualified names. Called inside a transaction of the same {@code DataSource} (on the same
 * thread), the replay joins it instead of committing batches of its own.
 */
public final class SubscriptionReplay {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionReplay.class);

  /** The reader thread's last word: every record was handed over. */
  private static final Object END = new Object();

  /**
   * Records of the first transaction at most, so that the database starts while the reader decodes
   * the next batch.
   */
  private static final int FIRST_BATCH = 256;

  /** Records held per partition while the merge waits for a slower partition. */
  private static final int MAX_BUFFERED_PER_PARTITION = 10_000;

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

  /** Tries of a single record whose transaction conflicted with another worker's. */
  private static final int MAX_ATTEMPTS = 5;

  private final List<EventSubscription> subscriptions;
  private final Map<String, List<EventSubscription>> readers = new LinkedHashMap<>();
  private final Map<String, Integer> topicOrder = new HashMap<>();
  private final Comparator<ConsumerRecord<String, byte[]>> order;
  private final Map<String, Object> consumerConfig;
  private final TransactionTemplate transactions;
  private final ConsumedEvents consumedEvents;
  private final JdbcClient jdbc;
  private final Runnable beforeEachTransaction;
  private final int batchSize;
  private final int parallelism;
  private final boolean skipParked;
  private final Duration kafkaTimeout;
  private final EventRecordCodec codec = new EventRecordCodec();

  private SubscriptionReplay(Builder builder) {
    this.subscriptions = List.copyOf(builder.subscriptions);
    Set<String> names = new HashSet<>();
    for (EventSubscription subscription : subscriptions) {
      if (!names.add(subscription.name())) {
        throw new IllegalArgumentException("Two subscriptions are named " + subscription.name());
      }
      for (String topic : subscription.topicNames()) {
        readers.computeIfAbsent(topic, t -> new ArrayList<>()).add(subscription);
        topicOrder.putIfAbsent(topic, topicOrder.size());
      }
    }
    this.order =
        Comparator.<ConsumerRecord<String, byte[]>>comparingLong(ConsumerRecord::timestamp)
            .thenComparingInt(r -> topicOrder.get(r.topic()))
            .thenComparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset);
    this.kafkaTimeout = builder.kafkaTimeout;
    this.batchSize = builder.batchSize;
    this.parallelism = builder.parallelism;
    this.skipParked = builder.skipParked;
    this.beforeEachTransaction = builder.beforeEachTransaction;
    PlatformTransactionManager transactionManager =
        builder.transactionManager != null
            ? builder.transactionManager
            : new JdbcTransactionManager(builder.dataSource);
    // A savepoint inside the caller's transaction, else a transaction of its own: a failed batch
    // rolls back alone and its records can be tried one by one.
    this.transactions = new TransactionTemplate(transactionManager);
    this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    this.jdbc = JdbcClient.create(builder.dataSource);
    this.consumedEvents = new ConsumedEvents(jdbc);
    this.consumerConfig = consumerConfig(builder);
  }

  /**
   * A replay of the given subscriptions (typically every {@link EventSubscription} bean of the
   * service, in bean order).
   */
  public static Builder builder(Collection<EventSubscription> subscriptions) {
    return new Builder(subscriptions);
  }

  public List<EventSubscription> subscriptions() {
    return subscriptions;
  }

  /** The names of the topics read, in the order of the subscriptions. */
  public Set<String> topics() {
    return readers.keySet();
  }

  /**
   * The end offsets of every partition of every subscribed topic now, as {@code read_committed}
   * sees them (the last stable offset). A topic that does not exist yet has no partitions.
   */
  public Map<TopicPartition, Long> endOffsets() {
    try (Admin admin = Admin.create(adminConfig())) {
      return endOffsets(admin);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new ReplayException("Cannot read the end offsets of " + readers.keySet() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplayException("Interrupted", e);
    }
  }

  private Map<TopicPartition, Long> endOffsets(Admin admin)
      throws ExecutionException, TimeoutException, InterruptedException {
    long timeout = kafkaTimeout.toMillis();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    var described = admin.describeTopics(readers.keySet()).topicNameValues();
    for (var topic : described.entrySet()) {
      try {
        topic
            .getValue()
            .get(timeout, TimeUnit.MILLISECONDS)
            .partitions()
            .forEach(
                p ->
                    latest.put(
                        new TopicPartition(topic.getKey(), p.partition()), OffsetSpec.latest()));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
        log.debug("Topic {} does not exist: nothing to replay", topic.getKey());
      }
    }
    if (latest.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin
        .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all()
        .get(timeout, TimeUnit.MILLISECONDS)
        .forEach((partition, info) -> ends.put(partition, info.offset()));
    return Map.copyOf(ends);
  }

  /**
   * Where live consumption stands for sure: per partition of the subscribed topics, the lowest
   * offset committed by the consumer groups (= subscriptions) that read it, 0 where a group has
   * committed nothing. Live consumers commit after their database transactions, so every record
   * below it has been applied (or skipped) live.
   */
  public Map<TopicPartition, Long> committedOffsets() {
    Map<TopicPartition, Long> committed = new HashMap<>();
    try (Admin admin = Admin.create(adminConfig())) {
      Map<TopicPartition, Long> ends = endOffsets(admin);
      for (EventSubscription subscription : subscriptions) {
        Map<TopicPartition, OffsetAndMetadata> group =
            admin
                .listConsumerGroupOffsets(subscription.name())
                .partitionsToOffsetAndMetadata()
                .get(kafkaTimeout.toMillis(), TimeUnit.MILLISECONDS);
        for (TopicPartition partition : ends.keySet()) {
          if (subscription.topicNames().contains(partition.topic())) {
            OffsetAndMetadata offset = group.get(partition);
            long at = offset == null ? 0 : Math.min(offset.offset(), ends.get(partition));
            committed.merge(partition, at, Math::min);
          }
        }
      }
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new ReplayException("Cannot read the consumer groups' offsets: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplayException("Interrupted", e);
    }
    return Map.copyOf(committed);
  }

  /**
   * A gate that lets through what the live subscriptions have applied according to {@code
   * consumed_event} in the given schema (the live one, while the replay writes elsewhere). Run the
   * gated replay while live writers are blocked (e.g. {@code lock table consumed_event in exclusive
   * mode}), or the answer is out of date at once.
   */
  public ReplayGate appliedIn(String schema) {
    String sql =
        "select last_sequence from \"%s\".consumed_event where subscription = ? and subject = ?"
            .formatted(schema.replace("\"", "\"\""));
    return (subscription, event) ->
        jdbc.sql(sql)
                .param(subscription)
                .param(event.subject())
                .query(Long.class)
                .optional()
                .orElse(-1L)
            >= event.sequence();
  }

  /** Replays every record from offset 0 up to {@code to}. */
  public ReplayResult replay(Map<TopicPartition, Long> to) {
    return replay(Map.of(), to);
  }

  /** Replays from {@code from} up to {@code to}, without a gate. */
  public ReplayResult replay(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
    return replay(from, to, null);
  }

  /**
   * Replays the records from {@code from} (inclusive; 0 for a partition not in it) up to {@code to}
   * (exclusive) of every partition in {@code to}.
   *
   * @param gate null to replay everything; else only what live consumption has applied (see {@link
   *     ReplayGate})
   * @throws ReplayException if a handler or the database fails (the failing batch is rolled back,
   *     earlier batches stay committed), if Kafka cannot be read, or if records below {@code from}
   *     were deleted from a topic (the history is incomplete)
   */
  public ReplayResult replay(
      Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, ReplayGate gate) {
    long started = System.nanoTime();
    for (TopicPartition partition : to.keySet()) {
      if (!readers.containsKey(partition.topic())) {
        throw new IllegalArgumentException(partition.topic() + " is read by no subscription");
      }
    }
    Set<ParkedRecord> parked = skipParked ? parkedRecords() : Set.of();
    List<TopicPartition> work =
        to.keySet().stream()
            .filter(p -> from.getOrDefault(p, 0L) < to.get(p))
            .sorted(
                Comparator.<TopicPartition>comparingInt(p -> topicOrder.get(p.topic()))
                    .thenComparingInt(TopicPartition::partition))
            .toList();
    // Joining the caller's transaction binds the work to this thread.
    boolean joined = TransactionSynchronizationManager.isActualTransactionActive();
    int workers = joined ? 1 : Math.max(1, Math.min(parallelism, work.size()));
    List<Run> runs = new ArrayList<>();
    Progress progress =
        new Progress(work.stream().mapToLong(p -> to.get(p) - from.getOrDefault(p, 0L)).sum());
    for (int i = 0; i < workers; i++) {
      Map<TopicPartition, Long> share = new LinkedHashMap<>();
      for (int j = i; j < work.size(); j += workers) {
        share.put(work.get(j), to.get(work.get(j)));
      }
      runs.add(new Run(from, share, parked, gate, progress, !joined));
    }
    if (workers == 1) {
      runs.getFirst().run();
    } else {
      runInParallel(runs, progress);
    }
    Map<String, ReplayCounts> counts = new LinkedHashMap<>();
    subscriptions.forEach(s -> counts.put(s.name(), ReplayCounts.NONE));
    long records = 0;
    Map<TopicPartition, Long> reached = new HashMap<>(to);
    for (Run run : runs) {
      run.counts.forEach((name, c) -> counts.merge(name, c, ReplayCounts::plus));
      records += run.emitted;
      reached.putAll(run.heldAt);
    }
    return new ReplayResult(
        records, counts, Duration.ofNanos(System.nanoTime() - started), reached);
  }

  /** Runs the workers on threads of their own; the first failure stops the others. */
  private void runInParallel(List<Run> runs, Progress progress) {
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      threads.add(
          Thread.ofPlatform()
              .name("crescendo-replay-" + i)
              .start(
                  () -> {
                    try {
                      run.run();
                    } catch (RuntimeException e) {
                      if (failure.compareAndSet(null, e)) {
                        progress.stopped = true;
                      }
                    }
                  }));
    }
    try {
      for (Thread thread : threads) {
        thread.join();
      }
    } catch (InterruptedException e) {
      progress.stopped = true;
      Thread.currentThread().interrupt();
      throw new ReplayException("Interrupted", e);
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  /** Shared by the workers of one replay. */
  private static final class Progress {
    final long total;
    final AtomicLong emitted = new AtomicLong();
    final AtomicLong lastLog = new AtomicLong(System.nanoTime());
    volatile boolean stopped;

    Progress(long total) {
      this.total = total;
    }
  }

  // ---- one replay ----

  /** A record read, decoded before its transaction. */
  private record Pending(ConsumerRecord<String, byte[]> record, DecodedRecord decoded) {}

  /** An event of a record that a subscription claims; its counts in the transaction. */
  private record Candidate(Pending pending, EventSubscription subscription, long[] counts) {}

  /** Where a subscription parked a record, from the dead-letter headers. */
  private record ParkedRecord(String subscription, String topic, int partition, long offset) {}

  /** One worker: its partitions merged by timestamp, applied in batches. */
  private final class Run {

    private final Map<TopicPartition, Long> from;
    private final Map<TopicPartition, Long> to;
    private final Set<ParkedRecord> parked;
    private final ReplayGate gate;
    private final Progress progress;
    private final boolean retryable;

    /** Per subscription, the partitions it stopped replaying at the gate. */
    private final Map<String, Set<TopicPartition>> held = new HashMap<>();

    /** The lowest offset at which a subscription stopped, per partition. */
    private final Map<TopicPartition, Long> heldAt = new HashMap<>();

    private final Map<String, ReplayCounts> counts = new LinkedHashMap<>();
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<String, byte[]>>> buffers =
        new LinkedHashMap<>();

    /** Partitions whose consumer position has not reached the end offset yet. */
    private final Set<TopicPartition> fetching = new LinkedHashSet<>();

    /** The batch being filled by the reader thread. */
    private List<Pending> batch = new ArrayList<>();

    /** Full batches, read and decoded, from the reader thread to the applying one. */
    private final BlockingQueue<Object> handoff = new ArrayBlockingQueue<>(2);

    /** Whether the reader handed over a batch yet. */
    private boolean handed;

    /** Set by the applying thread when it stops taking batches (done or failed). */
    private volatile boolean abandoned;

    private Consumer<String, byte[]> consumer;
    private long emitted;

    /**
     * @param to the end offset of each partition of this worker
     * @param retryable whether a batch that deadlocked with another worker may run again (not when
     *     the replay joined the caller's transaction)
     */
    Run(
        Map<TopicPartition, Long> from,
        Map<TopicPartition, Long> to,
        Set<ParkedRecord> parked,
        ReplayGate gate,
        Progress progress,
        boolean retryable) {
      this.from = from;
      this.to = to;
      this.parked = parked;
      this.gate = gate;
      this.progress = progress;
      this.retryable = retryable;
      for (TopicPartition partition : to.keySet()) {
        buffers.put(partition, new ArrayDeque<>());
        fetching.add(partition);
      }
    }

    /**
     * Reads and decodes on a thread of its own while this thread applies the batch read before:
     * Kafka, decoding and the database work at the same time.
     */
    void run() {
      if (buffers.isEmpty()) {
        return;
      }
      Thread reader =
          Thread.ofPlatform()
              .name(Thread.currentThread().getName() + "-replay-reader")
              .daemon()
              .start(this::readAll);
      try {
        while (true) {
          Object next = handoff.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
          if (next == null) {
            if (!reader.isAlive() && handoff.isEmpty()) {
              throw new ReplayException("The replay's reader stopped without a word");
            }
          } else if (next == END) {
            return;
          } else if (next instanceof RuntimeException failure) {
            throw failure;
          } else if (next instanceof Error failure) {
            throw failure;
          } else {
            @SuppressWarnings("unchecked")
            List<Pending> records = (List<Pending>) next;
            flush(records);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ReplayException("Interrupted", e);
      } finally {
        abandoned = true;
        handoff.clear();
        try {
          reader.join(kafkaTimeout.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /** The reader thread: every batch, then {@link #END} or what went wrong. */
    private void readAll() {
      Object last = END;
      try (Consumer<String, byte[]> kafka = newConsumer()) {
        consumer = kafka;
        read();
      } catch (KafkaException e) {
        last = new ReplayException("Cannot read " + to.keySet() + ": " + e, e);
      } catch (RuntimeException | Error e) {
        last = e;
      }
      hand(last);
    }

    /** Waits while the applying thread is two batches behind, unless it gave up. */
    private void hand(Object item) {
      try {
        while (!abandoned && !handoff.offer(item, POLL.toMillis(), TimeUnit.MILLISECONDS)) {
          // the applying thread is busy
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ReplayException("Interrupted", e);
      }
    }

    private void handBatch() {
      if (!batch.isEmpty()) {
        hand(batch);
        handed = true;
        batch = new ArrayList<>();
      }
    }

    private void read() {
      List<TopicPartition> partitions = List.copyOf(buffers.keySet());
      consumer.assign(partitions);
      Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, kafkaTimeout);
      for (TopicPartition partition : partitions) {
        long start = start(partition);
        long beginning = beginnings.getOrDefault(partition, 0L);
        if (beginning > start) {
          throw new ReplayException(
              "%s starts at offset %d: records from %d on were deleted, the history is incomplete"
                  .formatted(partition, beginning, start));
        }
        consumer.seek(partition, start);
      }
      long lastAdvance = System.nanoTime();
      while (true) {
        if (abandoned) {
          throw new ReplayException("Stopped: the replay failed");
        }
        if (emit()) {
          handBatch();
          return;
        }
        if (fetchMore()) {
          lastAdvance = System.nanoTime();
        } else if (System.nanoTime() - lastAdvance > kafkaTimeout.toNanos()) {
          throw new ReplayException(
              "No progress reading %s for %s; still expecting records up to %s"
                  .formatted(fetching, kafkaTimeout, endsOf(fetching)));
        }
        logProgress();
      }
    }

    private long start(TopicPartition partition) {
      return from.getOrDefault(partition, 0L);
    }

    /**
     * Moves records into the batch in merged order while every partition that may still deliver has
     * a record buffered.
     *
     * @return true once every partition is read and emptied
     */
    private boolean emit() {
      while (true) {
        TopicPartition next = null;
        ConsumerRecord<String, byte[]> head = null;
        for (var entry : buffers.entrySet()) {
          ConsumerRecord<String, byte[]> first = entry.getValue().peekFirst();
          if (first == null) {
            if (fetching.contains(entry.getKey())) {
              return false; // its next record may come first: wait for it
            }
            continue;
          }
          if (head == null || order.compare(first, head) < 0) {
            head = first;
            next = entry.getKey();
          }
        }
        if (head == null) {
          return true;
        }
        buffers.get(next).pollFirst();
        batch.add(new Pending(head, DecodedRecord.decode(codec, head)));
        emitted++;
        progress.emitted.incrementAndGet();
        if (batch.size() >= (handed ? batchSize : Math.min(batchSize, FIRST_BATCH))) {
          handBatch();
        }
      }
    }

    /**
     * Polls once, fetching only for partitions that are not full.
     *
     * @return true if a partition advanced
     */
    private boolean fetchMore() {
      List<TopicPartition> pause = new ArrayList<>();
      List<TopicPartition> resume = new ArrayList<>();
      for (var entry : buffers.entrySet()) {
        boolean wanted =
            fetching.contains(entry.getKey())
                && entry.getValue().size() < MAX_BUFFERED_PER_PARTITION;
        (wanted ? resume : pause).add(entry.getKey());
      }
      consumer.pause(pause);
      consumer.resume(resume);
      boolean advanced = false;
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.offset() < to.get(partition)) {
          buffers.get(partition).addLast(record);
          advanced = true;
        }
      }
      for (var it = fetching.iterator(); it.hasNext(); ) {
        TopicPartition partition = it.next();
        // The position, not the last record: read_committed skips transaction markers.
        if (consumer.position(partition, kafkaTimeout) >= to.get(partition)) {
          it.remove();
          advanced = true;
        }
      }
      return advanced;
    }

    /**
     * Applies the batch in one transaction. If that fails, it applies the batch's records one
     * transaction each, as live consumption does: after a deadlock with another worker (their
     * transactions lock rows and advisory locks of many aggregates, in no common order), each
     * record then takes its locks in the projection's own order, and a conflicting record is tried
     * again; after any other failure, the record that fails is found and named.
     */
    private void flush(List<Pending> batch) {
      if (batch.isEmpty()) {
        return;
      }
      if (progress.stopped) {
        throw new ReplayException("Stopped: another worker of the replay failed");
      }
      try {
        apply(batch);
      } catch (ApplyFailure failure) {
        if (batch.size() == 1 && !(failure.conflict && retryable)) {
          throw new ReplayException(failure.getMessage(), failure.getCause());
        }
        log.debug(
            "Replay batch of {} records failed ({}); one transaction per record now",
            batch.size(),
            failure.getCause().toString());
        for (Pending pending : batch) {
          for (int attempt = 1; ; attempt++) {
            try {
              apply(List.of(pending));
              break;
            } catch (ApplyFailure again) {
              if (!again.conflict || !retryable || attempt >= MAX_ATTEMPTS) {
                throw new ReplayException(again.getMessage(), again.getCause());
              }
            }
          }
        }
        if (!failure.conflict) {
          log.warn(
              "Replay batch of {} records failed ({}), but each of its records applied alone",
              batch.size(),
              failure.getCause().toString());
        }
      }
    }

    /**
     * Applies the records in one transaction (a savepoint when the replay joined the caller's) and
     * counts them: sorts out what is not applied (unknown types, malformed, parked, held at the
     * gate), claims the events in {@code consumed_event} all at once ({@link
     * ConsumedEvents#claimAll}, no notifications: nobody waits on a replay), then hands the new
     * events to the handlers, each run of consecutive events of one handler in one {@link
     * EventHandler#handleAll} call.
     *
     * @throws ApplyFailure if the transaction failed and was rolled back
     */
    private void apply(List<Pending> records) {
      Map<String, long[]> transactionCounts = new HashMap<>();
      Pending[] current = new Pending[1];
      EventSubscription[] applying = new EventSubscription[1];
      // where the gate stopped before: a transaction that rolls back did not stop it
      Map<String, Set<TopicPartition>> heldBefore = new HashMap<>();
      held.forEach((name, partitions) -> heldBefore.put(name, new HashSet<>(partitions)));
      Map<TopicPartition, Long> heldAtBefore = new HashMap<>(heldAt);
      try {
        transactions.executeWithoutResult(
            status -> {
              transactionCounts.clear();
              current[0] = null;
              applying[0] = null;
              beforeEachTransaction.run();
              List<ConsumedEvents.Claim> claims = new ArrayList<>();
              List<Candidate> candidates = new ArrayList<>();
              for (Pending pending : records) {
                ConsumerRecord<String, byte[]> record = pending.record();
                for (EventSubscription subscription : readers.get(record.topic())) {
                  long[] c =
                      transactionCounts.computeIfAbsent(subscription.name(), n -> new long[6]);
                  switch (pending.decoded()) {
                    case DecodedRecord.Event event -> {
                      if (parked.contains(
                          new ParkedRecord(
                              subscription.name(),
                              record.topic(),
                              record.partition(),
                              record.offset()))) {
                        c[4]++;
                      } else if (isHeld(subscription, record, event.envelope())) {
                        c[5]++;
                      } else {
                        claims.add(new ConsumedEvents.Claim(subscription.name(), event.envelope()));
                        candidates.add(new Candidate(pending, subscription, c));
                      }
                    }
                    case DecodedRecord.UnknownType unknown -> c[2]++;
                    case DecodedRecord.Malformed malformed -> c[3]++;
                  }
                }
              }
              boolean[] fresh = consumedEvents.claimAll(claims);
              List<EventEnvelope> run = new ArrayList<>();
              EventHandler handler = null;
              for (int i = 0; i < candidates.size(); i++) {
                Candidate candidate = candidates.get(i);
                if (!fresh[i]) {
                  candidate.counts()[1]++;
                  continue;
                }
                candidate.counts()[0]++;
                EventHandler next = candidate.subscription().handler();
                if (next != handler) {
                  handle(handler, run);
                  handler = next;
                }
                current[0] = candidate.pending();
                applying[0] = candidate.subscription();
                run.add(claims.get(i).event());
              }
              handle(handler, run);
            });
      } catch (RuntimeException e) {
        held.clear();
        held.putAll(heldBefore);
        heldAt.clear();
        heldAt.putAll(heldAtBefore);
        String message =
            records.size() == 1
                ? describeFailure(current[0], applying[0], e)
                : "Replay transaction of %d records from %s failed: %s"
                    .formatted(records.size(), position(records.getFirst().record()), e);
        throw new ApplyFailure(
            message, e, isConflict(e) || e instanceof ConsumedEvents.ClaimConflictException);
      }
      transactionCounts.forEach(
          (name, c) ->
              counts.merge(
                  name, new ReplayCounts(c[0], c[1], c[2], c[3], c[4], c[5]), ReplayCounts::plus));
    }

    /** One event, or a run of events of one handler, then the run is empty. */
    private static void handle(EventHandler handler, List<EventEnvelope> run) {
      if (run.size() == 1) {
        handler.handle(run.getFirst());
      } else if (!run.isEmpty()) {
        handler.handleAll(List.copyOf(run));
      }
      run.clear();
    }

    /**
     * Whether the gate holds the subscription back at this record: it did before in this partition,
     * or live consumption has not applied this event.
     */
    private boolean isHeld(
        EventSubscription subscription,
        ConsumerRecord<String, byte[]> record,
        EventEnvelope event) {
      if (gate == null) {
        return false;
      }
      TopicPartition partition = new TopicPartition(record.topic(), record.partition());
      Set<TopicPartition> stopped = held.computeIfAbsent(subscription.name(), n -> new HashSet<>());
      if (stopped.contains(partition)) {
        return true;
      }
      if (gate.passed(subscription.name(), event)) {
        return false;
      }
      stopped.add(partition);
      heldAt.merge(partition, record.offset(), Math::min);
      return true;
    }

    private void logProgress() {
      if (progress.stopped) {
        throw new ReplayException("Stopped: another worker of the replay failed");
      }
      long now = System.nanoTime();
      long last = progress.lastLog.get();
      if (now - last >= PROGRESS_INTERVAL.toNanos() && progress.lastLog.compareAndSet(last, now)) {
        log.info(
            "Replay of {}: {} of {} records",
            readers.keySet(),
            progress.emitted.get(),
            progress.total);
      }
    }

    private Map<TopicPartition, Long> endsOf(Set<TopicPartition> partitions) {
      Map<TopicPartition, Long> ends = new LinkedHashMap<>();
      partitions.forEach(p -> ends.put(p, to.get(p)));
      return ends;
    }
  }

  /**
   * A replay transaction failed and was rolled back; {@code conflict}: it deadlocked with another
   * worker's, and may simply run again.
   */
  private static final class ApplyFailure extends RuntimeException {
    final boolean conflict;

    ApplyFailure(String message, Throwable cause, boolean conflict) {
      super(message, cause);
      this.conflict = conflict;
    }
  }

  /** A deadlock or serialization failure: the transaction may simply run again. */
  private static boolean isConflict(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  private static String describeFailure(
      Pending pending, EventSubscription subscription, RuntimeException error) {
    if (pending == null) {
      return "Replay transaction failed before its first record: " + error;
    }
    String at = position(pending.record());
    String event =
        pending.decoded() instanceof DecodedRecord.Event e ? describe(e.envelope()) : "record";
    return ("Subscription %s failed to apply %s (%s): %s. Live consumption retries such a record and"
            + " then parks it on %s; if it did so after this replay read the dead-letter topic,"
            + " run the replay again")
        .formatted(
            subscription == null ? "?" : subscription.name(),
            at,
            event,
            error,
            subscription == null ? "<subscription>.dlt" : subscription.deadLetterTopic());
  }

  private static String position(ConsumerRecord<String, byte[]> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  private static String describe(EventEnvelope event) {
    return "%s of %s, sequence %d, id %s"
        .formatted(event.type(), event.subject(), event.sequence(), event.id());
  }

  // ---- dead letters ----

  /** Every record the subscriptions parked on their dead-letter topics, by where it came from. */
  private Set<ParkedRecord> parkedRecords() {
    Set<ParkedRecord> parked = new HashSet<>();
    try (Consumer<String, byte[]> consumer = newConsumer()) {
      for (EventSubscription subscription : subscriptions) {
        List<TopicPartition> partitions =
            partitions(consumer, List.of(subscription.deadLetterTopic()));
        if (partitions.isEmpty()) {
          continue;
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, kafkaTimeout);
        long lastAdvance = System.nanoTime();
        while (partitions.stream()
            .anyMatch(p -> consumer.position(p, kafkaTimeout) < ends.get(p))) {
          var records = consumer.poll(POLL);
          if (!records.isEmpty()) {
            lastAdvance = System.nanoTime();
          } else if (System.nanoTime() - lastAdvance > kafkaTimeout.toNanos()) {
            throw new ReplayException("No progress reading " + subscription.deadLetterTopic());
          }
          for (ConsumerRecord<String, byte[]> letter : records) {
            ParkedRecord at = parkedAt(subscription, letter);
            if (at != null) {
              parked.add(at);
            }
          }
        }
      }
    } catch (KafkaException e) {
      throw new ReplayException("Cannot read the dead-letter topics: " + e, e);
    }
    if (!parked.isEmpty()) {
      log.info("Replay skips {} records the live subscriptions parked", parked.size());
    }
    return parked;
  }

  private static ParkedRecord parkedAt(
      EventSubscription subscription, ConsumerRecord<String, byte[]> letter) {
    String name = header(letter, DeadLetterHeaders.SUBSCRIPTION);
    String topic = header(letter, DeadLetterHeaders.TOPIC);
    String partition = header(letter, DeadLetterHeaders.PARTITION);
    String offset = header(letter, DeadLetterHeaders.OFFSET);
    if (topic == null || partition == null || offset == null) {
      return null;
    }
    try {
      return new ParkedRecord(
          name == null ? subscription.name() : name,
          topic,
          Integer.parseInt(partition),
          Long.parseLong(offset));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
  }

  // ---- Kafka ----

  private Consumer<String, byte[]> newConsumer() {
    return new KafkaConsumer<>(consumerConfig);
  }

  private List<TopicPartition> partitions(
      Consumer<String, byte[]> consumer, Collection<String> topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, kafkaTimeout);
      if (infos == null || infos.isEmpty()) {
        log.debug("Topic {} does not exist: nothing to replay", topic);
        continue;
      }
      infos.stream()
          .map(info -> new TopicPartition(topic, info.partition()))
          .sorted(Comparator.comparingInt(TopicPartition::partition))
          .forEach(partitions::add);
    }
    return partitions;
  }

  private Map<String, Object> adminConfig() {
    return Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        consumerConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        (int) kafkaTimeout.toMillis(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
        (int) Math.min(kafkaTimeout.toMillis(), 15_000));
  }

  private static Map<String, Object> consumerConfig(Builder builder) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, builder.bootstrapServers);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, builder.clientId);
    // No group: assign() and seek(), nothing committed, the live groups untouched.
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A position outside the log fails loudly instead of silently skipping history.
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    // Small per partition: poll() hands out a fetch partition by partition, and the merge waits for
    // a record of every partition; with 4 MB each it waited for about everything to be fetched.
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 256 * 1024);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) builder.kafkaTimeout.toMillis());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return config;
  }

  /** Builds a {@link SubscriptionReplay}. */
  public static final class Builder {

    private final List<EventSubscription> subscriptions;
    private String bootstrapServers;
    private DataSource dataSource;
    private PlatformTransactionManager transactionManager;
    private Runnable beforeEachTransaction = () -> {};
    private int batchSize = 1_000;
    private int parallelism = 1;
    private boolean skipParked = true;
    private Duration kafkaTimeout = Duration.ofSeconds(30);
    private String clientId = "crescendo-replay";

    private Builder(Collection<EventSubscription> subscriptions) {
      this.subscriptions = List.copyOf(subscriptions);
      if (this.subscriptions.isEmpty()) {
        throw new IllegalArgumentException("Nothing to replay: no subscription");
      }
    }

    /** The Kafka cluster, e.g. {@code crescendo.kafka.bootstrap-servers}. Required. */
    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    /** The database the handlers write to; {@code consumed_event} is claimed there. Required. */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = dataSource;
      return this;
    }

    /**
     * A JDBC-capable transaction manager on the {@code DataSource} (the service's primary one);
     * default a new {@link JdbcTransactionManager}.
     */
    public Builder transactionManager(PlatformTransactionManager transactionManager) {
      this.transactionManager = transactionManager;
      return this;
    }

    /** Runs first in every transaction, e.g. {@code set local search_path to ...}. */
    public Builder beforeEachTransaction(Runnable beforeEachTransaction) {
      this.beforeEachTransaction = Objects.requireNonNull(beforeEachTransaction);
      return this;
    }

    /** Records per transaction; default 1000. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Workers applying in parallel (default 1), each with a share of the partitions, its own
     * consumer and its own transactions. Per partition the order stays; across the workers'
     * partitions it is lost, so more than one worker suits projections whose result does not depend
     * on the order of different aggregates (the rebuild's comparison tells). A replay that joins
     * the caller's transaction runs with one worker.
     */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /**
     * Whether records found on a subscription's dead-letter topic are skipped for it, as live
     * consumption skipped them (default true); false applies them, e.g. after fixing the handler
     * that failed on them.
     */
    public Builder skipParked(boolean skipParked) {
      this.skipParked = skipParked;
      return this;
    }

    /** Bound of each Kafka call, and the longest wait for a partition that does not advance. */
    public Builder kafkaTimeout(Duration kafkaTimeout) {
      this.kafkaTimeout = Objects.requireNonNull(kafkaTimeout);
      return this;
    }

    /** Kafka {@code client.id}, to tell the replay in broker logs and quotas. */
    public Builder clientId(String clientId) {
      this.clientId = Objects.requireNonNull(clientId);
      return this;
    }

    public SubscriptionReplay build() {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      Objects.requireNonNull(dataSource, "dataSource");
      return new SubscriptionReplay(this);
    }
  }
}

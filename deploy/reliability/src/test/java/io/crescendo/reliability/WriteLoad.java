package io.crescendo.reliability;

import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A steady write load through the gateway on every producing service (identity, study, assignment),
 * bounded by its workers and their pause, whose answers are counted, never asserted: during a fault
 * some writes fail, and what matters is what the stores hold afterwards.
 */
final class WriteLoad implements AutoCloseable {

  /** The kinds of write, each ending in events of one service (two for a sign-up and request). */
  enum Write {
    SIGN_UP_AND_ASK_TO_JOIN,
    OPEN_STUDY,
    EDIT_STUDY,
    POST_ASSIGNMENT,
    EDIT_ASSIGNMENT
  }

  /** A study of the load and its leader. */
  record LoadStudy(UUID id, Account leader) {}

  private final Api api;
  private final Studies studies;
  private final Platform.StartedStudy started;
  private final List<Long> assignments;
  private final List<LoadStudy> open = new CopyOnWriteArrayList<>();
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final Map<String, String> firstRefusals = new ConcurrentHashMap<>();
  private final Map<Write, AtomicLong> lastAccepted = new EnumMap<>(Write.class);
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  private final long seed;
  private volatile boolean running;

  private WriteLoad(Platform platform, long seed) {
    this.api = platform.api;
    this.studies = platform.studies;
    this.started = platform.faults;
    this.seed = seed;
    for (Write write : Write.values()) {
      lastAccepted.put(write, new AtomicLong(Long.MIN_VALUE));
    }
    List<Long> posted = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      posted.add(
          studies.postAssignment(started.leader(), started.study(), "edited by the load " + i));
    }
    this.assignments = List.copyOf(posted);
    for (int i = 0; i < 2; i++) {
      Account leader = Account.signUp(api, "load-leader-" + i);
      open.add(new LoadStudy(studies.create(leader, "load study " + i, 10), leader));
    }
  }

  /** Prepares its fixtures (two studies, two assignments) and starts {@code workers} threads. */
  static WriteLoad start(Platform platform, int workers, Duration pause, long seed) {
    WriteLoad load = new WriteLoad(platform, seed);
    load.running = true;
    for (int i = 0; i < workers; i++) {
      int worker = i;
      load.workers.add(
          Thread.ofPlatform()
              .daemon()
              .name("write-load-" + i)
              .start(() -> load.work(worker, pause)));
    }
    return load;
  }

  private void work(int worker, Duration pause) {
    Random random = new Random(seed + worker);
    Write[] writes = Write.values();
    for (int n = worker; running; n++) {
      Write write = writes[n % writes.length];
      String outcome;
      try {
        Api.Response answer = perform(write, random);
        int status = answer.status();
        if (status >= 400) {
          String body = answer.body().strip();
          firstRefusals.putIfAbsent(
              write + " " + status, body.length() > 200 ? body.substring(0, 200) + "…" : body);
        }
        outcome = status >= 500 ? "5xx" : status >= 400 ? "4xx" : "2xx";
        if (status < 300) {
          lastAccepted.get(write).set(System.nanoTime());
        }
      } catch (UncheckedIOException e) {
        outcome = "no answer"; // the gateway itself did not answer (or the request timed out)
      } catch (RuntimeException | AssertionError e) {
        outcome = "refused login"; // a token renewal (Account.login) refused during a fault
      }
      outcomes.computeIfAbsent(write + " " + outcome, k -> new LongAdder()).increment();
      pause(pause);
    }
  }

  private Api.Response perform(Write write, Random random) {
    long n = sequence.incrementAndGet();
    return switch (write) {
      case SIGN_UP_AND_ASK_TO_JOIN -> {
        Api own = api.fromOwnAddress();
        String name = "load-" + n;
        var signedUp =
            own.json(
                "POST",
                "/api/v1/auth/signup/",
                Map.of(
                    "email",
                    name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
                    "password",
                    Account.PASSWORD,
                    "username",
                    name),
                null);
        if (signedUp.status() != 201) {
          yield signedUp;
        }
        LoadStudy study = open.get(random.nextInt(open.size()));
        yield own.json(
            "POST",
            Studies.study(study.id()) + "requests/",
            Map.of("request_message", "load " + n),
            signedUp.json().path("access").asString());
      }
      case OPEN_STUDY -> {
        LoadStudy some = open.get(random.nextInt(open.size()));
        var created =
            api.form("POST", Studies.STUDIES, studies.form("load " + n, 10), some.leader().token());
        if (created.status() == 201) {
          open.add(
              new LoadStudy(
                  UUID.fromString(created.json().path("uuid").asString()), some.leader()));
        }
        yield created;
      }
      case EDIT_STUDY -> {
        LoadStudy study = open.get(random.nextInt(open.size()));
        yield api.form(
            "PUT",
            Studies.study(study.id()),
            studies.form("load edit " + n, 10),
            study.leader().token());
      }
      case POST_ASSIGNMENT ->
          api.json(
              "POST",
              Studies.assignments(started.study()),
              Map.of("title", "load " + n, "content", "posted by the load, " + n),
              started.leader().token());
      case EDIT_ASSIGNMENT ->
          api.json(
              "PUT",
              Studies.assignment(
                  started.study(), assignments.get(random.nextInt(assignments.size()))),
              Map.of("title", "load edit " + n, "content", "edited by the load, " + n),
              started.leader().token());
    };
  }

  /**
   * Waits until every kind of write has been accepted since {@code sinceNanos} (the end of a
   * fault): the platform serves again without anyone's help. Returns how long that took.
   */
  Duration awaitEveryWriteAcceptedSince(long sinceNanos, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .alias("every kind of write accepted again after the fault")
        .until(() -> lastAccepted.values().stream().allMatch(last -> last.get() - sinceNanos >= 0));
    return Duration.ofNanos(System.nanoTime() - sinceNanos);
  }

  /** Waits until {@code more} writes have been accepted from now on: the load runs. */
  void awaitAccepted(long more, Duration timeout) {
    long target = accepted() + more;
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .alias(more + " more writes accepted")
        .until(() -> accepted() >= target);
  }

  private long accepted() {
    return byClass().getOrDefault("2xx", 0L);
  }

  /** Answers so far, e.g. {@code OPEN_STUDY 2xx -> 31}. */
  Map<String, Long> outcomes() {
    Map<String, Long> counts = new TreeMap<>();
    outcomes.forEach((key, count) -> counts.put(key, count.sum()));
    return counts;
  }

  /** The first refusal of each kind and status, e.g. {@code EDIT_STUDY 503 -> {"detail": ...}}. */
  Map<String, String> firstRefusals() {
    return new TreeMap<>(firstRefusals);
  }

  /** Answers so far by class: 2xx, 4xx, 5xx, no answer. */
  Map<String, Long> byClass() {
    Map<String, Long> counts = new TreeMap<>();
    outcomes.forEach(
        (key, count) -> counts.merge(key.substring(key.indexOf(' ') + 1), count.sum(), Long::sum));
    return counts;
  }

  /** Stops the workers and waits for their last writes. */
  @Override
  public void close() {
    running = false;
    for (Thread worker : workers) {
      try {
        worker.join(Duration.ofSeconds(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void pause(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.crescendo.local.launcher;

import io.crescendo.local.http.MultipartForm;
import io.crescendo.local.launcher.DemoDataClient.CallFailed;
import io.crescendo.local.launcher.DemoDataSet.Decision;
import io.crescendo.local.launcher.DemoDataSet.Image;
import io.crescendo.local.launcher.DemoDataSet.Join;
import io.crescendo.local.launcher.DemoDataSet.Study;
import io.crescendo.local.launcher.DemoDataSet.User;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;

/**
 * Fills a running platform with {@link DemoDataSet} through the public API of the gateway, as the
 * frontend would: sign-ups, studies (multipart, some with a head image), join requests, the
 * leaders' decisions and assignments. The launcher runs it once per data directory ({@code
 * CRESCENDO_DEMO_DATA=true}, marker file {@value #MARKER}).
 *
 * <p>Accounts that exist already are logged into, and studies their leader already has (same study
 * name) are left alone, so a load that failed half-way can simply run again.
 */
public final class DemoData {

  /** The password of every demo account (8+ characters, not a common password). */
  public static final String PASSWORD = "crescendo-demo";

  /** Written into the data directory once the demo data is in. */
  public static final String MARKER = "demo-data.done";

  /** The services the demo data goes through. */
  static final List<String> NEEDS =
      List.of(
          "identity-service", "study-service", "assignment-service", "search-service", "gateway");

  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  private static final Duration READ_MODEL_WAIT = Duration.ofSeconds(20);
  private static final String STUDIES = "/api/v1/studygroup/studies/";

  /** Calls in flight at a time: quicker than one by one, gentle on a 2-core laptop. */
  static final int PARALLEL = 4;

  /**
   * What was loaded.
   *
   * @param userIds user UUID by e-mail, in {@link DemoDataSet#USERS} order
   * @param studyIds the UUID of each study of {@link DemoDataSet#STUDIES}, in order
   * @param created studies this run created (the others existed already)
   * @param joinRequests join requests sent by this run
   * @param approved of which approved
   * @param rejected of which rejected
   * @param assignments assignments posted by this run
   * @param images head images uploaded by this run
   * @param took how long it took
   */
  public record Loaded(
      Map<String, UUID> userIds,
      List<String> studyIds,
      int created,
      int joinRequests,
      int approved,
      int rejected,
      int assignments,
      int images,
      Duration took) {

    /** E.g. {@code 8 users, 24 studies, 31 join requests, 6 assignments (4.2 s)}. */
    public String summary() {
      return userIds.size()
          + " users, "
          + studyIds.size()
          + " studies, "
          + joinRequests
          + " join requests, "
          + assignments
          + " assignments ("
          + Console.seconds(took)
          + ")";
    }
  }

  /** The load stopped; the message is one line with the failed call, its status and body. */
  public static final class Failure extends Exception {
    Failure(String message) {
      super(message);
    }
  }

  private final DemoDataClient api;
  private final LocalDate today;
  private final Consumer<String> progress;

  private DemoData(URI baseUrl, LocalDate today, Consumer<String> progress) {
    this.api = new DemoDataClient(baseUrl, progress);
    this.today = today;
    this.progress = progress;
  }

  /**
   * Loads the demo data set.
   *
   * @param baseUrl the gateway, e.g. {@code http://127.0.0.1:8080}
   * @param today "today" of the services: the Asia/Seoul date of their clock ({@link #today})
   * @param progress receives one short line per step
   */
  public static Loaded load(URI baseUrl, LocalDate today, Consumer<String> progress)
      throws Failure {
    try {
      return new DemoData(baseUrl, today, progress).load();
    } catch (CallFailed e) {
      throw new Failure(e.getMessage());
    }
  }

  /** The services' "today": Asia/Seoul date of {@code clock} shifted by CRESCENDO_CLOCK_OFFSET. */
  public static LocalDate today(String clockOffset, Clock clock) {
    Instant now = clock.instant();
    if (clockOffset != null && !clockOffset.isBlank()) {
      now = now.plus(Duration.parse(clockOffset.strip()));
    }
    return LocalDate.ofInstant(now, SEOUL);
  }

  /**
   * The launcher's part, after {@code Crescendo is up}: loads the data unless the data directory's
   * marker says it was loaded before. Never throws: a failure is one error line, and the platform
   * keeps running.
   */
  static void loadOnce(
      LauncherSettings settings,
      Collection<String> started,
      Console console,
      BooleanSupplier stopping) {
    String signIn = "sign in as " + DemoDataSet.USERS.getFirst().email() + " / " + PASSWORD;
    Path marker = settings.dataDir().resolve(MARKER);
    if (Files.exists(marker)) {
      console.info("demo data: loaded into " + settings.dataDir() + " before; " + signIn);
      return;
    }
    List<String> missing = NEEDS.stream().filter(name -> !started.contains(name)).toList();
    if (!missing.isEmpty()) {
      console.error("demo data: not loaded, " + String.join(", ", missing) + " not running");
      return;
    }
    URI baseUrl = URI.create("http://" + host(settings.bindAddress()) + ":" + settings.httpPort());
    try {
      Loaded loaded =
          load(
              baseUrl,
              today(settings.clockOffset(), Clock.systemUTC()),
              line -> console.info("demo data: " + line));
      Files.writeString(
          marker,
          "Crescendo demo data, loaded "
              + Instant.now()
              + ": "
              + loaded.summary()
              + "\nWithout this file, a start with "
              + LauncherSettings.DEMO_DATA
              + "=true adds what is missing of the demo data.\n",
          StandardCharsets.UTF_8);
      console.plain("Demo data: " + loaded.summary() + "; " + signIn);
    } catch (Failure e) {
      if (!stopping.getAsBoolean()) {
        console.error(
            "demo data: "
                + e.getMessage()
                + " (Crescendo keeps running; the next start tries again)");
      }
    } catch (IOException e) {
      console.error(
          "demo data: loaded, but " + marker + " could not be written: " + e.getMessage());
    } catch (RuntimeException e) {
      if (!stopping.getAsBoolean()) {
        console.error("demo data: " + e + " (Crescendo keeps running)");
      }
    }
  }

  /** Where the launcher reaches the public port it started. */
  static String host(String bindAddress) {
    if (bindAddress.equals("0.0.0.0")
        || bindAddress.equals("::")
        || bindAddress.equals("[::]")
        || bindAddress.isBlank()) {
      return "127.0.0.1";
    }
    return bindAddress.contains(":") && !bindAddress.startsWith("[")
        ? "[" + bindAddress + "]"
        : bindAddress;
  }

  // ---------------------------------------------------------------------------------------------

  private record Account(User user, UUID id, String token, boolean existed) {}

  private Loaded load() throws CallFailed, Failure {
    long t0 = System.nanoTime();
    checkCategories();

    long phase = System.nanoTime();
    List<User> users = DemoDataSet.USERS;
    Account[] signedUp = new Account[users.size()];
    inParallel(users.size(), i -> signedUp[i] = account(users.get(i)));
    List<Account> accounts = List.of(signedUp);
    long existed = accounts.stream().filter(Account::existed).count();
    phase =
        report(
            accounts.size()
                + " users, "
                + users.getFirst().email()
                + " … "
                + users.getLast().email()
                + (existed > 0 ? ", " + existed + " of them signed up before" : ""),
            phase);

    // An earlier load that stopped half-way: keep what its leaders have already.
    Map<String, String> before = new HashMap<>();
    for (Account account : accounts) {
      if (account.existed()) {
        before.putAll(ledStudies(account));
      }
    }
    List<Study> studies = DemoDataSet.STUDIES;
    String[] studyIds = new String[studies.size()];
    boolean[] created = new boolean[studies.size()];
    inParallel(
        studies.size(),
        i -> {
          Study study = studies.get(i);
          Account leader = accounts.get(study.leader());
          String id = leader.existed() ? before.get(study.studyName()) : null;
          if (id == null) {
            id = create(i, study, leader);
            created[i] = true;
          }
          studyIds[i] = id;
        });
    List<Integer> fresh =
        IntStream.range(0, studies.size()).filter(i -> created[i]).boxed().toList();
    int images = (int) fresh.stream().filter(i -> studies.get(i).image() != Image.NONE).count();
    Set<String> categories = new LinkedHashSet<>();
    studies.forEach(study -> categories.addAll(study.categories()));
    phase =
        report(
            studies.size()
                + " studies in "
                + categories.size()
                + " categories, "
                + images
                + " with a head image"
                + (fresh.size() < studies.size()
                    ? ", " + (studies.size() - fresh.size()) + " of them there before"
                    : ""),
            phase);

    // Per new study: its join requests, the leader's decisions, then its assignments.
    AtomicInteger requests = new AtomicInteger();
    AtomicInteger approved = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    AtomicInteger assignments = new AtomicInteger();
    inParallel(
        fresh.size(),
        n -> {
          int i = fresh.get(n);
          Study study = studies.get(i);
          String id = studyIds[i];
          String leaderToken = accounts.get(study.leader()).token();
          for (Join join : study.joins()) {
            api.json(
                "POST",
                requestsPath(id),
                Map.of("request_message", join.message()),
                accounts.get(join.user()).token(),
                201);
            requests.incrementAndGet();
          }
          if (study.joins().stream().anyMatch(j -> j.decision() != Decision.PENDING)) {
            Map<UUID, Long> requestIds = pendingRequests(id, study, accounts, leaderToken);
            for (Join join : study.joins()) {
              String path = requestsPath(id) + requestIds.get(accounts.get(join.user()).id()) + "/";
              switch (join.decision()) {
                case APPROVED -> {
                  api.json("POST", path, null, leaderToken, 201);
                  approved.incrementAndGet();
                }
                case REJECTED -> {
                  api.json("DELETE", path, null, leaderToken, 204);
                  rejected.incrementAndGet();
                }
                case PENDING -> {}
              }
            }
          }
          for (DemoDataSet.Assignment assignment : study.assignments()) {
            api.json(
                "POST",
                STUDIES + id + "/assignments/",
                Map.of("title", assignment.title(), "content", assignment.content()),
                leaderToken,
                201);
            assignments.incrementAndGet();
          }
        });
    report(
        requests
            + " join requests ("
            + approved
            + " approved, "
            + rejected
            + " rejected, "
            + (requests.get() - approved.get() - rejected.get())
            + " pending), "
            + assignments
            + " assignments",
        phase);

    Map<String, UUID> userIds = new LinkedHashMap<>();
    accounts.forEach(account -> userIds.put(account.user().email(), account.id()));
    return new Loaded(
        userIds,
        List.of(studyIds),
        fresh.size(),
        requests.get(),
        approved.get(),
        rejected.get(),
        assignments.get(),
        images,
        Duration.ofNanos(System.nanoTime() - t0));
  }

  /** Reports a finished phase with how long it took; returns now. */
  private long report(String line, long since) {
    long now = System.nanoTime();
    progress.accept(line + " (" + Console.seconds(Duration.ofNanos(now - since)) + ")");
    return now;
  }

  /** A step of the load for item {@code i}. */
  private interface Step {
    void run(int i) throws CallFailed, Failure;
  }

  /**
   * Runs {@code step} for 0 … {@code count - 1}, {@value #PARALLEL} at a time (independent
   * aggregates: studies, users); rethrows the first failure in item order.
   */
  private static void inParallel(int count, Step step) throws CallFailed, Failure {
    List<Future<?>> results = new ArrayList<>();
    try (ExecutorService pool =
        Executors.newFixedThreadPool(
            PARALLEL, Thread.ofPlatform().name("crescendo-demo-data-", 1).daemon().factory())) {
      for (int i = 0; i < count; i++) {
        int item = i;
        results.add(
            pool.submit(
                () -> {
                  step.run(item);
                  return null;
                }));
      }
    }
    for (Future<?> result : results) {
      try {
        result.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Failure("interrupted");
      } catch (ExecutionException e) {
        switch (e.getCause()) {
          case CallFailed failed -> throw failed;
          case Failure failure -> throw failure;
          case RuntimeException unexpected -> throw unexpected;
          default -> throw new IllegalStateException(e.getCause());
        }
      }
    }
  }

  private void checkCategories() throws CallFailed, Failure {
    JsonNode answer = api.json("GET", "/api/v1/studygroup/categories/", null, null, 200);
    Set<String> known = new LinkedHashSet<>();
    answer.forEach(category -> known.add(category.path("name").asString()));
    for (Study study : DemoDataSet.STUDIES) {
      for (String category : study.categories()) {
        if (!known.contains(category)) {
          throw new Failure(
              "category " + category + " is not offered by the platform (it has " + known + ")");
        }
      }
    }
  }

  /** Signs up, or logs in when the e-mail is taken (an earlier, interrupted load). */
  private Account account(User user) throws CallFailed, Failure {
    String path = "/api/v1/auth/signup/";
    DemoDataClient.Answer signUp =
        api.send(
            "POST",
            path,
            Map.of("email", user.email(), "password", PASSWORD, "username", user.username()),
            null);
    boolean existed = false;
    JsonNode tokens;
    if (signUp.status() == 201) {
      tokens = signUp.json();
    } else if (signUp.status() == 400 && signUp.body().contains("\"email\"")) {
      existed = true;
      tokens =
          api.json(
              "POST",
              "/api/v1/auth/login/",
              Map.of("email", user.email(), "password", PASSWORD),
              null,
              200);
    } else {
      throw DemoDataClient.failed("POST", path, signUp);
    }
    String token = tokens.path("access").asString();
    JsonNode me = api.json("GET", "/api/v1/auth/profiles/me/", null, token, 200);
    return new Account(user, UUID.fromString(me.path("uuid").asString()), token, existed);
  }

  /** Study name → uuid of the studies this leader leads (for an account that existed). */
  private Map<String, String> ledStudies(Account leader) throws CallFailed {
    Map<String, String> led = new HashMap<>();
    String cursor = "";
    do {
      JsonNode page =
          api.json(
              "GET",
              "/api/v1/auth/profiles/me/studies/?filter=as_leader&cursor="
                  + URLEncoder.encode(cursor, StandardCharsets.UTF_8),
              null,
              leader.token(),
              200);
      for (JsonNode study : page.path("results")) {
        led.put(study.path("name").asString(), study.path("uuid").asString());
      }
      cursor = cursorOf(page.path("next"));
    } while (cursor != null);
    return led;
  }

  private static String cursorOf(JsonNode next) {
    if (next.isNull() || next.isMissingNode()) {
      return null;
    }
    String query = URI.create(next.asString()).getRawQuery();
    if (query == null) {
      return null;
    }
    for (String parameter : query.split("&")) {
      if (parameter.startsWith("cursor=")) {
        return URLDecoder.decode(parameter.substring(7), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private String create(int index, Study study, Account leader) throws CallFailed {
    MultipartForm form =
        new MultipartForm()
            .field("post_title", study.postTitle())
            .field("study_name", study.studyName())
            .field("post_content", study.postContent())
            .field("member_limit", Integer.toString(study.memberLimit()))
            .field("deadline", study.deadline(today).toString())
            .field("start_date", study.startDate(today).toString())
            .field("end_date", study.endDate(today).toString());
    study.categories().forEach(category -> form.field("categories", category));
    study.tags().forEach(tag -> form.field("tags", tag));
    if (study.image() != Image.NONE) {
      form.file(
          "head_image",
          DemoDataImages.fileName(index, study.image()),
          DemoDataImages.contentType(study.image()),
          DemoDataImages.cover(index, study.image()));
    }
    JsonNode created = api.multipart(STUDIES, form, leader.token(), 201);
    return created.path("uuid").asString();
  }

  /**
   * Request id by applicant, from the leader's list of pending requests (search-service's read
   * model, so it may take a moment to show all of them).
   */
  private Map<UUID, Long> pendingRequests(
      String studyId, Study study, List<Account> accounts, String leaderToken)
      throws CallFailed, Failure {
    Set<UUID> applicants = new LinkedHashSet<>();
    study.joins().forEach(join -> applicants.add(accounts.get(join.user()).id()));
    String path = requestsPath(studyId);
    long giveUpAt = System.nanoTime() + READ_MODEL_WAIT.toNanos();
    while (true) {
      JsonNode listed = api.json("GET", path, null, leaderToken, 200);
      Map<UUID, Long> ids = new HashMap<>();
      for (JsonNode request : listed) {
        ids.put(
            UUID.fromString(request.path("user").path("uuid").asString()),
            request.path("id").asLong());
      }
      if (ids.keySet().containsAll(applicants)) {
        return ids;
      }
      if (System.nanoTime() > giveUpAt) {
        throw new Failure(
            "GET "
                + path
                + " lists "
                + ids.size()
                + " of the "
                + applicants.size()
                + " join requests of \""
                + study.studyName()
                + "\" after "
                + READ_MODEL_WAIT.toSeconds()
                + " s: "
                + DemoDataClient.oneLine(listed.toString()));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Failure("interrupted");
      }
    }
  }

  private static String requestsPath(String studyId) {
    return STUDIES + studyId + "/requests/";
  }
}

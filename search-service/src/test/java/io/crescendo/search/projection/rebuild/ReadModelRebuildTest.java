package io.crescendo.search.projection.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crescendo.events.consumer.EventConsumers;
import io.crescendo.events.consumer.EventSubscription;
import io.crescendo.events.consumer.ReplayCounts;
import io.crescendo.local.test.CrescendoInfrastructure;
import io.crescendo.search.SearchServiceApplication;
import io.crescendo.search.projection.rebuild.RebuildReport.Outcome;
import io.crescendo.search.projection.rebuild.RebuildReport.TableReport;
import io.crescendo.search.testsupport.Feed;
import io.crescendo.web.testsupport.IdentityTokens;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Rebuild produces identical rows: a realistic history goes onto the topics, the live consumers
 * apply it, the rebuild replays it into fresh tables and switches over while readers read and live
 * consumers write. The tests have topics, consumer groups and a database of their own ({@link
 * RebuildHistory}), so that the live read models are exactly what these topics made of them.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "crescendo.consumer.retry-backoffs=50ms,100ms,150ms",
      "logging.level.io.crescendo.search.projection.rebuild=debug"
    })
@Import(RebuildHistory.OwnTopicsAndGroups.class)
@CrescendoInfrastructure(database = "search_rebuild")
@ExtendWith(OutputCaptureExtension.class)
class ReadModelRebuildTest {

  static final Duration WITHIN = Duration.ofSeconds(120);

  static RebuildHistory history;
  static List<UUID> people;

  @Autowired ReadModelRebuild rebuild;
  @Autowired EventConsumers consumers;
  @Autowired List<EventSubscription> subscriptions;
  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;
  @Autowired DatabaseClient r2dbc;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("crescendo.security.jwks-uri", IdentityTokens::jwksUri);
    registry.add("crescendo.security.issuer", () -> IdentityTokens.ISSUER);
  }

  /** The history, once for the class: users, studies, assignments, then account deletions. */
  @BeforeEach
  void historyOnTheTopics() {
    if (history != null) {
      return;
    }
    RebuildHistory.awaitTopics(WITHIN);
    history = new RebuildHistory();
    people = history.publishLife(800, 300);
    awaitCaughtUp();
    List<UUID> deleted = history.deleteSome(people, 40);
    awaitCaughtUp();
    List<UUID> alive = new ArrayList<>(people);
    alive.removeAll(deleted);
    history.lateEventsOf(deleted, alive);
    people = alive;
    awaitCaughtUp();
  }

  @AfterAll
  static void closeHistory() {
    if (history != null) {
      history.close();
    }
  }

  @Test
  void rebuildProducesIdenticalRows() {
    jdbc.sql("create view rebuild_probe as select user_id, username from search_user").update();
    Map<String, List<String>> before = contents("public");
    Map<String, List<String>> catalogBefore = catalog();

    RebuildReport report = rebuild.rebuild(RebuildOptions.defaults());
    System.out.println(report.format());

    assertThat(report.outcome()).isEqualTo(Outcome.SWITCHED);
    assertThat(report.identical()).isTrue();
    assertThat(report.exitCode()).isZero();
    assertThat(report.tables()).extracting(TableReport::table).first().isEqualTo("consumed_event");
    assertThat(report.tables())
        .extracting(TableReport::table)
        .containsExactlyInAnyOrderElementsOf(before.keySet());
    for (TableReport table : report.tables()) {
      assertThat(table.rebuiltRows()).as(table.table()).isEqualTo(before.get(table.table()).size());
    }
    assertThat(report.subscriptions().keySet())
        .containsExactlyElementsOf(subscriptions.stream().map(EventSubscription::name).toList());
    ReplayCounts total =
        report.subscriptions().values().stream().reduce(ReplayCounts.NONE, ReplayCounts::plus);
    assertThat(total.applied()).isGreaterThan(5_000);
    assertThat(total.duplicates()).isPositive();
    assertThat(total.unknownType()).isEqualTo(1);
    assertThat(total.malformed()).isEqualTo(1);
    assertThat(total.parked()).isEqualTo(1);
    System.out.printf(
        "REBUILD RATE: %,d events in %s = %,.0f events/s; write pause %d ms%n",
        report.eventsReplayed(),
        report.replayTime(),
        report.eventsPerSecond(),
        report.writePause().toMillis());

    // identical content, definitions (index and constraint names, foreign keys), no leftovers
    assertThat(contents("public")).isEqualTo(before);
    assertThat(catalog()).isEqualTo(catalogBefore);
    // built unlogged, serving logged (crash-safe, replicated)
    assertThat(
            jdbc.sql(
                    """
                    select relname from pg_class where relnamespace = 'public'::regnamespace
                       and relkind in ('r', 'i', 'S') and relpersistence <> 'p'
                    """)
                .query(String.class)
                .list())
        .isEmpty();
    assertThat(rebuildSchemas()).isEmpty();
    assertThat(jdbc.sql("select count(*) from rebuild_probe").query(Long.class).single())
        .isEqualTo(before.get("search_user").size());
    assertThat(
            jdbc.sql(
                    """
                    select count(*) from pg_depend d join pg_rewrite w on w.oid = d.objid
                     where w.ev_class = 'rebuild_probe'::regclass
                       and d.refobjid = 'public.search_user'::regclass
                    """)
                .query(Long.class)
                .single())
        .isPositive();
    jdbc.sql("drop view rebuild_probe").update();

    // Four replay workers, as a dry run: they lose the order across aggregates, which
    // search-service's projections do not depend on (tombstones and advisory locks,
    // docs/search.md), so the rows are the same; nothing is switched.
    RebuildReport parallel =
        rebuild.rebuild(RebuildOptions.defaults().withSwitchOver(false).withParallelism(4));
    System.out.println(parallel.format());
    assertThat(parallel.outcome()).isEqualTo(Outcome.DRY_RUN);
    assertThat(parallel.identical()).isTrue();
    assertThat(contents("public")).isEqualTo(before);
    assertThat(rebuildSchemas()).isEmpty();
    System.out.printf(
        "REBUILD RATE (4 workers, %,d differing rows): %,d events in %s = %,.0f events/s%n",
        parallel.differingRows(),
        parallel.eventsReplayed(),
        parallel.replayTime(),
        parallel.eventsPerSecond());

    // live consumption goes on into the new tables, and their foreign keys cascade
    UUID newcomer = history.feed.user("newcomer");
    Feed.Study study = history.feed.study(newcomer);
    study.join(people.getFirst());
    history.flush();
    await()
        .atMost(WITHIN)
        .until(() -> count("search_membership where study_id = ?", study.id) == 2);
    assertThat(count("search_user where user_id = ?", newcomer)).isOne();
    jdbc.sql("delete from search_study where study_id = ?").param(study.id).update();
    assertThat(count("search_membership where study_id = ?", study.id)).isZero();
    study.delete(); // as it happened
    history.flush();
    awaitCaughtUp();
  }

  @Test
  void readersAndLiveConsumersCarryOnThroughTheSwitch() throws Exception {
    awaitCaughtUp();
    long usersBefore = count("search_user");
    long claimsBefore = count("consumed_event");
    AtomicBoolean stop = new AtomicBoolean();
    List<String> problems = new CopyOnWriteArrayList<>();
    AtomicLong reads = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    // readers: counts never drop below what they saw (and never below the start), no error
    threads.add(
        Thread.ofPlatform()
            .start(
                () -> {
                  try (Connection connection = dataSource.getConnection();
                      Statement statement = connection.createStatement()) {
                    long users = usersBefore;
                    long claims = claimsBefore;
                    while (!stop.get()) {
                      long u = single(statement, "select count(*) from search_user");
                      long c = single(statement, "select count(*) from consumed_event");
                      if (u < users || c < claims) {
                        problems.add(
                            "JDBC saw %d users, %d claims after %d, %d"
                                .formatted(u, c, users, claims));
                      }
                      users = u;
                      claims = c;
                      reads.incrementAndGet();
                    }
                  } catch (Exception e) {
                    problems.add("JDBC reader failed: " + e);
                  }
                }));
    threads.add(
        Thread.ofPlatform()
            .start(
                () -> {
                  long users = usersBefore;
                  while (!stop.get()) {
                    try {
                      Long u =
                          r2dbc
                              .sql("select count(*) from search_user")
                              .map(row -> row.get(0, Long.class))
                              .one()
                              .block(Duration.ofSeconds(30));
                      if (u == null || u < users) {
                        problems.add("R2DBC saw %s users after %d".formatted(u, users));
                      } else {
                        users = u;
                      }
                      reads.incrementAndGet();
                    } catch (RuntimeException e) {
                      problems.add("R2DBC reader failed: " + e);
                    }
                  }
                }));
    // a publisher: new accounts all along (a few hundred, acknowledged one by one)
    List<UUID> newcomers = Collections.synchronizedList(new ArrayList<>());
    threads.add(
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!stop.get() && newcomers.size() < 300) {
                    newcomers.add(history.feed.user());
                    history.flush();
                  }
                }));
    // and one account whose consumer is caught by the switch's lock
    UUID blocked = UUID.randomUUID();
    Runnable catchAConsumer =
        () -> {
          history.feed.publish(
              new io.crescendo.events.identity.UserRegistered(
                  blocked, blocked + "@x.io", "blocked", java.time.Instant.now()));
          history.flush();
          await().atMost(WITHIN).until(this::aConsumerWaitsForTheLock);
        };

    RebuildReport report;
    try {
      report = rebuild.rebuild(RebuildOptions.defaults().withKeep(true), catchAConsumer);
    } finally {
      stop.set(true);
      for (Thread thread : threads) {
        thread.join(WITHIN);
      }
    }
    System.out.println(report.format());

    assertThat(report.outcome()).isEqualTo(Outcome.SWITCHED);
    assertThat(report.identical()).isTrue();
    assertThat(report.eventsWhileWritersPaused()).isPositive();
    assertThat(problems).isEmpty();
    assertThat(reads.get()).isPositive();
    String retired = report.keptSchema();
    assertThat(retired).isEqualTo(report.retiredSchema()).startsWith("search_retired_");

    // the blocked consumer applied nothing to the retired tables: it found the event applied
    await().atMost(WITHIN).until(() -> count("search_user where user_id = ?", blocked) == 1);
    assertThat(
            jdbc.sql("select count(*) from " + retired + ".search_user where user_id = ?")
                .param(blocked)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            jdbc.sql("select count(*) from " + retired + ".consumed_event where subject = ?")
                .param(blocked.toString())
                .query(Long.class)
                .single())
        .isZero();
    assertThat(count("consumed_event where subject = ?", blocked.toString())).isOne();

    // every newcomer once, and the live read models still equal a rebuild of everything
    awaitCaughtUp();
    for (UUID newcomer : List.copyOf(newcomers)) {
      assertThat(count("search_user where user_id = ?", newcomer)).isOne();
    }
    jdbc.sql("drop schema " + retired + " cascade").update();
    RebuildReport check = rebuild.rebuild(RebuildOptions.defaults().withSwitchOver(false));
    System.out.println(check.format());
    assertThat(check.outcome()).isEqualTo(Outcome.DRY_RUN);
    assertThat(check.identical()).isTrue();
    assertThat(rebuildSchemas()).isEmpty();
  }

  @Test
  void aRowChangedByHandIsReportedAndNotServedOver() {
    awaitCaughtUp();
    UUID victim = people.get(7);
    String username =
        jdbc.sql("select username from search_user where user_id = ?")
            .param(victim)
            .query(String.class)
            .single();
    jdbc.sql("update search_user set username = 'corrupted' where user_id = ?")
        .param(victim)
        .update();

    RebuildReport report = rebuild.rebuild(RebuildOptions.defaults());
    System.out.println(report.format());

    assertThat(report.outcome()).isEqualTo(Outcome.NOT_SWITCHED_DIFFERENT);
    assertThat(report.exitCode()).isEqualTo(2);
    assertThat(report.differingRows()).isEqualTo(2);
    TableReport users =
        report.tables().stream().filter(t -> t.table().equals("search_user")).findFirst().get();
    assertThat(users.onlyLive()).isOne();
    assertThat(users.onlyRebuilt()).isOne();
    assertThat(users.onlyLiveSample()).singleElement().asString().contains("username=corrupted");
    assertThat(users.onlyRebuiltSample())
        .singleElement()
        .asString()
        .contains("username=" + username);
    assertThat(report.format()).contains("NOT SWITCHED").contains("only live:");
    assertThat(rebuildSchemas()).isEmpty();
    assertThat(usernameOf(victim)).isEqualTo("corrupted");

    // told to switch anyway, the rebuild repairs the row
    RebuildReport repaired = rebuild.rebuild(RebuildOptions.defaults().withAcceptDifferences(true));
    assertThat(repaired.outcome()).isEqualTo(Outcome.SWITCHED);
    assertThat(repaired.differingRows()).isEqualTo(2);
    assertThat(usernameOf(victim)).isEqualTo(username);
    assertThat(rebuildSchemas()).isEmpty();
  }

  @Test
  void theCommandRebuildsWithoutWebServerOrLiveConsumers(CapturedOutput output) {
    awaitCaughtUp();
    SpringApplication application = RebuildCommand.application(SearchServiceApplication.class);
    application.addPrimarySources(List.of(RebuildHistory.OwnTopicsAndGroups.class));
    int exitCode;
    try (ConfigurableApplicationContext command =
        application.run(
            "--crescendo.search.rebuild=true",
            "--crescendo.security.jwks-uri=" + IdentityTokens.jwksUri(),
            "--crescendo.security.issuer=" + IdentityTokens.ISSUER)) {
      assertThat(command).isNotInstanceOf(WebServerApplicationContext.class);
      assertThat(command.getBeansOfType(EventConsumers.class)).isEmpty();
      exitCode = SpringApplication.exit(command);
    }
    assertThat(exitCode).isZero();
    assertThat(output)
        .contains("Read-model rebuild: SWITCHED, rebuilt tables identical to the live ones")
        .contains("events/s")
        .contains("search_study");
    assertThat(rebuildSchemas()).isEmpty();
  }

  // ---- helpers ----

  void awaitCaughtUp() {
    for (String subscription : consumers.subscriptions()) {
      assertThat(consumers.progress(subscription).awaitCaughtUp(WITHIN)).as(subscription).isTrue();
    }
  }

  /** Every read-model table (all of public but Flyway's), its rows as text, sorted. */
  Map<String, List<String>> contents(String schema) {
    Map<String, List<String>> contents = new LinkedHashMap<>();
    List<String> tables =
        jdbc.sql(
                """
                select tablename from pg_tables
                 where schemaname = ? and tablename <> 'flyway_schema_history' order by 1
                """)
            .param(schema)
            .query(String.class)
            .list();
    for (String table : tables) {
      String columns =
          jdbc.sql(
                  """
                  select string_agg(quote_ident(attname), ', ' order by attnum) from pg_attribute
                   where attrelid = cast(? as regclass) and attnum > 0 and not attisdropped
                     and not (attrelid = 'public.consumed_event'::regclass and attname = 'applied_at')
                  """)
              .param(schema + "." + table)
              .query(String.class)
              .single();
      contents.put(
          table,
          jdbc.sql("select row(" + columns + ")::text from " + schema + "." + table + " order by 1")
              .query(String.class)
              .list());
    }
    return contents;
  }

  /** Columns, indexes and constraints of the public tables, as PostgreSQL prints them. */
  Map<String, List<String>> catalog() {
    Map<String, List<String>> catalog = new LinkedHashMap<>();
    catalog.put(
        "columns",
        jdbc.sql(
                """
                select table_name || '.' || column_name || ' ' || data_type || ' '
                       || is_nullable || ' ' || coalesce(column_default, '')
                  from information_schema.columns where table_schema = 'public' order by 1
                """)
            .query(String.class)
            .list());
    catalog.put(
        "indexes",
        jdbc.sql(
                """
                select pg_get_indexdef(i.indexrelid) from pg_index i
                  join pg_class c on c.oid = i.indrelid
                 where c.relnamespace = 'public'::regnamespace order by 1
                """)
            .query(String.class)
            .list());
    catalog.put(
        "constraints",
        jdbc.sql(
                """
                select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                  from pg_constraint where connamespace = 'public'::regnamespace order by 1
                """)
            .query(String.class)
            .list());
    return catalog;
  }

  List<String> rebuildSchemas() {
    return jdbc.sql(
            """
            select nspname from pg_namespace
             where nspname like 'search\\_rebuild\\_%' or nspname like 'search\\_retired\\_%'
            """)
        .query(String.class)
        .list();
  }

  long count(String tableAndCondition, Object... params) {
    var spec = jdbc.sql("select count(*) from " + tableAndCondition);
    for (Object param : params) {
      spec = spec.param(param);
    }
    return spec.query(Long.class).single();
  }

  String usernameOf(UUID user) {
    return jdbc.sql("select username from search_user where user_id = ?")
        .param(user)
        .query(String.class)
        .single();
  }

  /** A live consumer's transaction waits for a lock on {@code consumed_event}. */
  boolean aConsumerWaitsForTheLock() throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      return single(
              statement,
              """
              select count(*) from pg_stat_activity
               where datname = current_database() and wait_event_type = 'Lock'
                 and query ilike '%consumed_event%'
              """)
          > 0;
    }
  }

  static long single(Statement statement, String sql) throws Exception {
    try (ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }
}

package io.crescendo.search.projection.rebuild;

import io.crescendo.events.consumer.EventSubscription;
import io.crescendo.events.consumer.ReplayCounts;
import io.crescendo.events.consumer.ReplayResult;
import io.crescendo.events.consumer.SubscriptionReplay;
import io.crescendo.search.projection.rebuild.RebuildReport.Outcome;
import io.crescendo.search.projection.rebuild.RebuildReport.TableReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds every read model of search-service from the topics, next to the live tables, and
 * switches over without serving half-built data (docs/read-model-rebuild.md):
 *
 * <ol>
 *   <li>copy the definition of every read-model table (every table of the schema Flyway migrates
 *       but its history, {@code consumed_event} included) into a fresh schema;
 *   <li>replay every {@link EventSubscription} from offset 0 to the end offsets of now into it,
 *       with the live handlers ({@code search_path} = the fresh schema first), then catch up;
 *   <li>in one transaction: lock the live tables ({@code consumed_event} first; live writers wait,
 *       readers go on), replay what arrived meanwhile, compare every table row by row, and if
 *       identical (or told to) move the live tables into a retired schema and the rebuilt ones into
 *       the live schema. Readers see either the old or the new tables, never a half-built one. A
 *       live consumer blocked on the lock resolves the table names again once it gets the lock,
 *       finds its record already claimed in the rebuilt {@code consumed_event} and goes on;
 *   <li>drop the retired tables (unless kept).
 * </ol>
 *
 * <p>Only one rebuild per database runs at a time (a PostgreSQL advisory lock).
 */
@Component
public class ReadModelRebuild {

  private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);

  static final String REBUILD_PREFIX = "search_rebuild_";
  static final String RETIRED_PREFIX = "search_retired_";

  /** Another catch-up pass before locking while the last one read more than this. */
  private static final long SMALL_DELTA = 1_000;

  private static final int MAX_CATCH_UPS = 5;

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss_SSS");

  private final DataSource dataSource;
  private final TransactionTemplate transactions;
  private final PlatformTransactionManager transactionManager;
  private final ReadModelTables tables;
  private final JdbcClient jdbc;
  private final ObjectProvider<EventSubscription> subscriptions;
  private final String bootstrapServers;
  private final String flywayTable;

  public ReadModelRebuild(
      DataSource dataSource,
      ObjectProvider<PlatformTransactionManager> transactionManagers,
      ObjectProvider<EventSubscription> subscriptions,
      Environment environment) {
    this.dataSource = dataSource;
    // The primary (JDBC) manager if there is one, as the live consumers use; any JDBC manager on
    // this DataSource is equivalent, since transactions are bound per DataSource.
    this.transactionManager =
        transactionManagers.getIfUnique(() -> new JdbcTransactionManager(dataSource));
    this.transactions = new TransactionTemplate(transactionManager);
    this.jdbc = JdbcClient.create(dataSource);
    this.tables = new ReadModelTables(jdbc);
    this.subscriptions = subscriptions;
    this.bootstrapServers =
        environment.getProperty("crescendo.kafka.bootstrap-servers", "127.0.0.1:9092");
    this.flywayTable = environment.getProperty("spring.flyway.table", "flyway_schema_history");
  }

  /**
   * Rebuilds every read model and switches over as the options say.
   *
   * @throws RebuildException or another runtime exception if the rebuild failed; the live tables
   *     are then untouched and the rebuilt schema dropped (unless kept)
   */
  public RebuildReport rebuild(RebuildOptions options) {
    return rebuild(options, () -> {});
  }

  /**
   * @param whileWritersWait runs in the switch transaction right after the live tables were locked
   *     (tests: prove that a blocked live consumer carries on correctly)
   */
  RebuildReport rebuild(RebuildOptions options, Runnable whileWritersWait) {
    long started = System.nanoTime();
    try (Connection session = dataSource.getConnection()) {
      if (!advisoryLock(session, "pg_try_advisory_lock")) {
        throw new RebuildException("Another read-model rebuild is running on this database");
      }
      try {
        return run(options, whileWritersWait, started);
      } finally {
        advisoryLock(session, "pg_advisory_unlock");
      }
    } catch (SQLException e) {
      throw new RebuildException("Cannot reach the database: " + e.getMessage(), e);
    }
  }

  private RebuildReport run(RebuildOptions options, Runnable whileWritersWait, long started) {
    String live = tables.currentSchema();
    String searchPath = tables.searchPath();
    List<String> names = tables.discover(live, flywayTable);
    List<String> warnings = new ArrayList<>();
    for (String leftover : tables.schemasStartingWith(REBUILD_PREFIX)) {
      warnings.add(
          "schema %s is left from an earlier rebuild; drop it with: drop schema %s cascade"
              .formatted(leftover, ReadModelTables.ident(leftover)));
    }
    String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
    String rebuilt = REBUILD_PREFIX + stamp;
    String retired = RETIRED_PREFIX + stamp;
    List<EventSubscription> subscriptionList = subscriptions.orderedStream().toList();
    log.info(
        "Rebuilding {} in schema {} from subscriptions {}",
        names,
        rebuilt,
        subscriptionList.stream().map(EventSubscription::name).toList());

    transactions.executeWithoutResult(s -> tables.copy(live, rebuilt, names, searchPath));
    boolean switched = false;
    boolean dropRebuilt = !options.keep();
    try {
      String replayPath = ReadModelTables.ident(rebuilt) + ", " + searchPath;
      SubscriptionReplay replay =
          SubscriptionReplay.builder(subscriptionList)
              .bootstrapServers(bootstrapServers)
              .dataSource(dataSource)
              .transactionManager(transactionManager)
              .beforeEachTransaction(() -> tables.setSearchPath(replayPath))
              .batchSize(options.batchSize())
              .parallelism(options.parallelism())
              .skipParked(!options.replayParked())
              .clientId("search-service-rebuild")
              .build();
      Passes passes = new Passes();
      // Up to where every live subscription has committed: the rebuilt tables never get ahead of
      // the live ones, so that the two can be compared at the switch.
      ReplayResult bulk = passes.add(replay.replay(replay.committedOffsets()));
      log.info(
          "Replayed {} records into {} ({} records/s)",
          bulk.records(),
          rebuilt,
          Math.round(bulk.recordsPerSecond()));
      transactions.executeWithoutResult(
          s -> {
            tables.setLogged(rebuilt, names);
            tables.analyze(rebuilt, names);
          });

      Switch done = null;
      int attempt = 0;
      while (done == null) {
        attempt++;
        catchUp(replay, passes);
        try {
          Map<TopicPartition, Long> from = passes.reached;
          Switch result =
              transactions.execute(
                  s ->
                      switchOver(
                          options,
                          replay,
                          from,
                          live,
                          rebuilt,
                          retired,
                          names,
                          searchPath,
                          whileWritersWait));
          passes.add(result.delta());
          done = result;
        } catch (RuntimeException e) {
          if (!isLockTimeout(e) || attempt >= options.switchAttempts()) {
            throw e;
          }
          log.warn("Switch attempt {} timed out waiting for a lock ({}); trying again", attempt, e);
          pause(Duration.ofMillis(200L * attempt));
        }
      }
      switched = done.switched();
      Outcome outcome =
          switched
              ? Outcome.SWITCHED
              : options.switchOver() ? Outcome.NOT_SWITCHED_DIFFERENT : Outcome.DRY_RUN;
      String kept = null;
      if (switched) {
        dropRebuilt = true; // empty now
        if (options.keep()) {
          kept = retired;
        } else {
          try {
            transactions.executeWithoutResult(s -> tables.dropTablesAndSchema(retired, names));
          } catch (RuntimeException e) {
            warnings.add(
                "could not drop the retired tables in %s (%s); drop them by hand"
                    .formatted(retired, e.getMessage()));
          }
        }
      } else if (options.keep()) {
        kept = rebuilt;
      }
      RebuildReport report =
          new RebuildReport(
              outcome,
              live,
              rebuilt,
              switched ? retired : null,
              kept,
              done.tables(),
              passes.counts,
              passes.records,
              done.delta().records(),
              passes.time,
              done.writePause(),
              attempt,
              Duration.ofNanos(System.nanoTime() - started),
              warnings);
      log.info("Rebuild done: {} ({} differing rows)", outcome, report.differingRows());
      return report;
    } finally {
      if (dropRebuilt) {
        try {
          transactions.executeWithoutResult(s -> tables.dropSchemaCascade(rebuilt));
        } catch (RuntimeException e) {
          log.warn("Could not drop schema {}: {}", rebuilt, e.toString());
        }
      }
    }
  }

  /**
   * Replays what live consumption applied since, outside any lock, so that little is left for the
   * switch.
   */
  private void catchUp(SubscriptionReplay replay, Passes passes) {
    for (int i = 0; i < MAX_CATCH_UPS; i++) {
      Map<TopicPartition, Long> to = new HashMap<>(replay.committedOffsets());
      passes.reached.forEach((partition, offset) -> to.merge(partition, offset, Math::max));
      ReplayResult pass = passes.add(replay.replay(passes.reached, to));
      if (pass.records() <= SMALL_DELTA) {
        return;
      }
    }
  }

  /** The switch transaction; see the class comment. */
  private Switch switchOver(
      RebuildOptions options,
      SubscriptionReplay replay,
      Map<TopicPartition, Long> from,
      String live,
      String rebuilt,
      String retired,
      List<String> names,
      String searchPath,
      Runnable whileWritersWait) {
    tables.setLockTimeout(options.lockTimeout().toMillis());
    tables.lockForSwitch(live, names);
    long locked = System.nanoTime();
    whileWritersWait.run();
    // Live writers are blocked: replay exactly what they have applied beyond the committed
    // offsets (the gate), so that both sides hold the same events. What they have not applied yet
    // they apply after the switch, to the rebuilt tables.
    ReplayResult delta = replay.replay(from, replay.endOffsets(), replay.appliedIn(live));
    tables.setSearchPath(searchPath);
    List<TableReport> reports = new ArrayList<>();
    for (String table : names) {
      reports.add(
          tables.compare(
              live, rebuilt, table, options.ignoredColumnsOf(table), options.sampleRows()));
    }
    boolean identical = reports.stream().allMatch(r -> r.differingRows() == 0);
    boolean switchNow = options.switchOver() && (identical || options.acceptDifferences());
    if (switchNow) {
      var views = tables.dependentViews(live, names);
      tables.swap(live, rebuilt, retired, names, views, searchPath);
    } else if (!identical) {
      log.warn("Rebuilt tables differ from the live ones: not switching");
    }
    return new Switch(delta, reports, switchNow, Duration.ofNanos(System.nanoTime() - locked));
  }

  private record Switch(
      ReplayResult delta, List<TableReport> tables, boolean switched, Duration writePause) {}

  /** The replay passes added up. */
  private static final class Passes {
    Map<TopicPartition, Long> reached = Map.of();
    final Map<String, ReplayCounts> counts = new LinkedHashMap<>();
    long records;
    Duration time = Duration.ZERO;

    ReplayResult add(ReplayResult pass) {
      reached = pass.reached();
      records += pass.records();
      time = time.plus(pass.duration());
      pass.subscriptions().forEach((name, c) -> counts.merge(name, c, ReplayCounts::plus));
      return pass;
    }
  }

  private static boolean isLockTimeout(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static boolean advisoryLock(Connection session, String function) throws SQLException {
    try (PreparedStatement statement =
        session.prepareStatement("select " + function + "(hashtext('crescendo.search.rebuild'))")) {
      try (ResultSet result = statement.executeQuery()) {
        return result.next() && result.getBoolean(1);
      }
    }
  }

  private static void pause(Duration duration) {
    try {
      TimeUnit.MILLISECONDS.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RebuildException("Interrupted", e);
    }
  }
}

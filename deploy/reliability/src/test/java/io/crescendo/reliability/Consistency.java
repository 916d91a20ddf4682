package io.crescendo.reliability;

import static org.awaitility.Awaitility.await;

import io.crescendo.events.TopicSpec;
import io.crescendo.events.Topics;
import io.crescendo.events.kafka.CloudEventHeaders;
import io.crescendo.local.test.LaunchedStack;
import io.crescendo.local.test.TopicReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The event stores, the topics and search-service's read models, compared after a fault: every
 * public event of every store on Kafka exactly once with its aggregate and sequence, nothing on
 * Kafka that no store holds, and the read models as the events say (their rows against the stores'
 * live aggregates, and every row against a rebuild from the topics).
 */
final class Consistency {

  /** The producing services' databases (the launcher's names). */
  static final List<String> STORES = List.of("identity", "study", "assignment");

  /** search-service's consumer groups and their topics ({@code Subscriptions}). */
  static final Map<String, List<TopicSpec>> SEARCH_GROUPS =
      Map.of(
          "search-service.users", List.of(Topics.IDENTITY_USER),
          "search-service.studies", List.of(Topics.STUDY_STUDYGROUP),
          "search-service.assignments",
              List.of(Topics.ASSIGNMENT_ASSIGNMENT, Topics.ASSIGNMENT_SUBMISSION));

  private static final Duration CATCH_UP = Duration.ofMinutes(3);

  private Consistency() {}

  /** A public event as its store holds it. */
  record StoredEvent(String id, String aggregate, long sequence, String type) {}

  /** An event as a topic holds it. */
  record PublishedEvent(String id, String subject, long sequence, String topic) {}

  /** What a comparison found. */
  record Verdict(
      int stored,
      int records,
      int duplicates,
      int missing,
      int unknown,
      int misnumbered,
      int outOfOrder,
      int users,
      int studies,
      List<String> readModelDifferences,
      String rebuild) {

    boolean exactlyOnce() {
      return duplicates == 0 && missing == 0 && unknown == 0 && misnumbered == 0 && outOfOrder == 0;
    }

    String line(String fault) {
      return "| "
          + fault
          + " | "
          + stored
          + " | "
          + records
          + " | "
          + duplicates
          + " | "
          + missing
          + " | "
          + (unknown + misnumbered + outOfOrder)
          + " | "
          + users
          + " users, "
          + studies
          + " studies: "
          + (readModelDifferences.isEmpty() ? "equal" : readModelDifferences)
          + " | "
          + rebuild
          + " |";
    }
  }

  static final String HEADER =
      "| fault | public events in the stores | records on Kafka | duplicates | missing |"
          + " unknown, misnumbered or out of order | read model vs stores | rebuild from the"
          + " topics vs read model |\n|---|---|---|---|---|---|---|---|";

  /**
   * Waits until the publishers and search-service have caught up (at most 3 minutes each), then
   * compares everything.
   */
  static Verdict check(LaunchedStack stack) throws IOException, InterruptedException {
    List<StoredEvent> stored = publicEvents(stack);
    List<PublishedEvent> published = awaitPublished(stack, stored);
    awaitSearchCaughtUp(stack);

    Map<String, StoredEvent> byId = new HashMap<>();
    stored.forEach(event -> byId.put(event.id(), event));
    Map<String, Integer> copies = new HashMap<>();
    published.forEach(event -> copies.merge(event.id(), 1, Integer::sum));
    int duplicates = copies.values().stream().mapToInt(n -> n - 1).sum();
    int missing = (int) byId.keySet().stream().filter(id -> !copies.containsKey(id)).count();
    int unknown = (int) copies.keySet().stream().filter(id -> !byId.containsKey(id)).count();
    int misnumbered = 0;
    Map<String, Long> lastSequence = new HashMap<>();
    int outOfOrder = 0;
    for (PublishedEvent event : published) {
      StoredEvent original = byId.get(event.id());
      if (original != null
          && (!original.aggregate().equals(event.subject())
              || original.sequence() != event.sequence())) {
        misnumbered++;
      }
      Long previous = lastSequence.put(event.subject(), event.sequence());
      if (previous != null && previous >= event.sequence()) {
        outOfOrder++;
      }
    }

    List<String> differences = new ArrayList<>();
    Set<String> users = alive(stored, "UserRegistered", "UserDeleted");
    Set<String> studies = alive(stored, "StudyGroupCreated", "StudyGroupDeleted");
    compare("search_user", "user_id", users, stack, differences);
    compare("search_study", "study_id", studies, stack, differences);
    return new Verdict(
        stored.size(),
        published.size(),
        duplicates,
        missing,
        unknown,
        misnumbered,
        outOfOrder,
        users.size(),
        studies.size(),
        differences,
        rebuildDryRun(stack));
  }

  /** The public events of every store (their payload types are the shared contracts). */
  static List<StoredEvent> publicEvents(LaunchedStack stack) {
    List<StoredEvent> events = new ArrayList<>();
    for (String store : STORES) {
      query(
          stack,
          store,
          "select event_identifier, aggregate_identifier, sequence_number, payload_type"
              + " from domain_event_entry where payload_type like 'io.crescendo.events.%'",
          row ->
              events.add(
                  new StoredEvent(
                      row.getString(1),
                      row.getString(2),
                      row.getLong(3),
                      row.getString(4).substring(row.getString(4).lastIndexOf('.') + 1))));
    }
    return events;
  }

  /** Reads every topic until each stored event is there (or 3 minutes passed). */
  private static List<PublishedEvent> awaitPublished(
      LaunchedStack stack, List<StoredEvent> stored) {
    Set<String> wanted = stored.stream().map(StoredEvent::id).collect(Collectors.toSet());
    try {
      return await()
          .atMost(CATCH_UP)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> readTopics(stack),
              published ->
                  published.stream()
                      .map(PublishedEvent::id)
                      .collect(Collectors.toSet())
                      .containsAll(wanted));
    } catch (ConditionTimeoutException e) {
      return readTopics(stack); // what is missing is counted by the comparison
    }
  }

  private static List<PublishedEvent> readTopics(LaunchedStack stack) {
    List<PublishedEvent> events = new ArrayList<>();
    try (var consumer = TopicReader.consumer(stack.kafkaBootstrapServers())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (TopicSpec topic : Topics.all()) {
        consumer
            .partitionsFor(topic.name(), Duration.ofSeconds(30))
            .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
      }
      for (ConsumerRecord<String, byte[]> record :
          TopicReader.readToEnd(consumer, partitions, Duration.ofSeconds(60))) {
        events.add(
            new PublishedEvent(
                header(record, CloudEventHeaders.ID),
                header(record, CloudEventHeaders.SUBJECT),
                Long.parseLong(header(record, CloudEventHeaders.SEQUENCE)),
                record.topic()));
      }
    }
    return events;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Until every search-service group has committed the end offset of each of its partitions. */
  static void awaitSearchCaughtUp(LaunchedStack stack) {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
      await()
          .atMost(CATCH_UP)
          .pollInterval(Duration.ofMillis(500))
          .alias("search-service caught up")
          .until(() -> searchLag(admin), Map::isEmpty);
    }
  }

  /** Records not yet consumed, by group (only groups that lag). */
  static Map<String, Long> searchLag(Admin admin) {
    Map<String, Long> lag = new TreeMap<>();
    try {
      for (var group : SEARCH_GROUPS.entrySet()) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin
                .listConsumerGroupOffsets(group.getKey())
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicSpec topic : group.getValue()) {
          for (int p = 0; p < topic.partitions(); p++) {
            latest.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
          }
        }
        long behind = 0;
        for (var end : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
          OffsetAndMetadata offset = committed.get(end.getKey());
          behind += end.getValue().offset() - (offset == null ? 0 : offset.offset());
        }
        if (behind > 0) {
          lag.put(group.getKey(), behind);
        }
      }
      return lag;
    } catch (Exception e) {
      return Map.of("unknown (" + e.getMessage() + ")", -1L);
    }
  }

  /** Aggregates with a creation event and no deletion event. */
  private static Set<String> alive(List<StoredEvent> events, String created, String deleted) {
    Set<String> alive = new HashSet<>();
    events.stream().filter(e -> e.type().equals(created)).forEach(e -> alive.add(e.aggregate()));
    events.stream().filter(e -> e.type().equals(deleted)).forEach(e -> alive.remove(e.aggregate()));
    return alive;
  }

  private static void compare(
      String table, String key, Set<String> expected, LaunchedStack stack, List<String> out) {
    Set<String> rows = new HashSet<>();
    query(
        stack,
        "search",
        "select " + key + "::text from " + table,
        row -> rows.add(row.getString(1)));
    long onlyRows = rows.stream().filter(id -> !expected.contains(id)).count();
    long onlyStore = expected.stream().filter(id -> !rows.contains(id)).count();
    if (onlyRows + onlyStore > 0) {
      out.add(table + ": " + onlyStore + " missing, " + onlyRows + " not in the store");
    }
  }

  /**
   * search-service's own rebuild, as a dry run: it replays the topics into new tables and compares
   * them row by row with the live ones (docs/read-model-rebuild.md); exit code 0 means identical.
   */
  static String rebuildDryRun(LaunchedStack stack) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx384m",
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                stack.home().resolve("search-service/target/search-service.jar").toString(),
                "--crescendo.search.rebuild=true",
                "--crescendo.search.rebuild.switch=false")
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("SPRING_DATASOURCE_URL", stack.jdbcUrl("search"));
    env.put("SPRING_DATASOURCE_USERNAME", LaunchedStack.PG_USER);
    env.put("SPRING_DATASOURCE_PASSWORD", LaunchedStack.PG_PASSWORD);
    env.put("SPRING_R2DBC_URL", stack.jdbcUrl("search").replace("jdbc:", "r2dbc:"));
    env.put("SPRING_R2DBC_USERNAME", LaunchedStack.PG_USER);
    env.put("SPRING_R2DBC_PASSWORD", LaunchedStack.PG_PASSWORD);
    env.put("CRESCENDO_KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
    env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
    env.put("SERVER_PORT", "0");
    env.put("SERVER_ADDRESS", "127.0.0.1");
    Process rebuild = builder.start();
    String output = new String(rebuild.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!rebuild.waitFor(5, TimeUnit.MINUTES)) {
      rebuild.destroyForcibly();
      throw new AssertionError("the rebuild dry run did not finish in 5 minutes:\n" + output);
    }
    if (rebuild.exitValue() != 0) {
      throw new AssertionError(
          "the rebuild from the topics differs from the live read models (exit "
              + rebuild.exitValue()
              + "):\n"
              + output);
    }
    return output
        .lines()
        .filter(line -> line.startsWith("Read-model rebuild:") || line.contains("  events  "))
        .map(String::strip)
        .collect(Collectors.joining("; "));
  }

  /** Every row of search-service's tables as text, by table (bookkeeping times left out). */
  static Map<String, List<String>> readModelSnapshot(LaunchedStack stack) {
    Map<String, List<String>> columns = new TreeMap<>();
    query(
        stack,
        "search",
        "select table_name, column_name from information_schema.columns"
            + " where table_schema = 'public' and (table_name like 'search\\_%' or table_name ="
            + " 'consumed_event') and column_name <> 'applied_at' order by table_name,"
            + " ordinal_position",
        row ->
            columns
                .computeIfAbsent(row.getString(1), k -> new ArrayList<>())
                .add(row.getString(2)));
    Map<String, List<String>> snapshot = new TreeMap<>();
    columns.forEach(
        (table, names) -> {
          List<String> rows = new ArrayList<>();
          query(
              stack,
              "search",
              "select row(" + String.join(", ", names) + ")::text from " + table,
              row -> rows.add(row.getString(1)));
          rows.sort(null);
          snapshot.put(table, rows);
        });
    return snapshot;
  }

  @FunctionalInterface
  interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  static void query(LaunchedStack stack, String database, String sql, RowReader reader) {
    try (Connection connection =
            DriverManager.getConnection(
                stack.jdbcUrl(database), LaunchedStack.PG_USER, LaunchedStack.PG_PASSWORD);
        var statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        reader.read(rows);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(database + ": " + sql, e);
    }
  }
}

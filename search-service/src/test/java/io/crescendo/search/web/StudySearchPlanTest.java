package io.crescendo.search.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.events.study.StudyCategories;
import io.crescendo.local.test.CrescendoInfrastructure;
import io.crescendo.web.testsupport.IdentityTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The study list at a million studies: every query shape of {@link StudyQuery} (the text the
 * endpoint runs, with its values bound) is explained and must not read {@code search_study}
 * sequentially, and its answer is checked against what the generator put in.
 *
 * <p>{@code random} without a filter (the home page) reads a run of the primary key from a random
 * point; with filters it ranks the filtered candidates by {@code random()}.
 *
 * <p>EXPLAIN ANALYZE timings are logged, never asserted (a benchmark is no assertion). Consumers
 * are off: nothing but the generator writes this database, and the context does not join the
 * consumer groups of the other tests' contexts.
 */
@SpringBootTest(properties = "crescendo.consumer.enabled=false")
@AutoConfigureWebTestClient(timeout = "PT60S")
@CrescendoInfrastructure(database = "search_plan")
class StudySearchPlanTest {

  private static final Logger log = LoggerFactory.getLogger(StudySearchPlanTest.class);
  private static final JsonMapper JSON = new JsonMapper();
  private static final Pattern NAMED = Pattern.compile(":([A-Za-z_][A-Za-z0-9_]*)");

  static final int STUDIES = 1_000_000;
  static final int USERS = 100_000;

  @Autowired DataSource dataSource;
  @Autowired DatabaseClient r2dbc;
  @Autowired WebTestClient http;

  final LocalDate today = LocalDate.now(StudyRow.SEOUL);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("crescendo.security.jwks-uri", IdentityTokens::jwksUri);
    registry.add("crescendo.security.issuer", () -> IdentityTokens.ISSUER);
  }

  // --- the data ---

  /**
   * What study {@code i} (1 … {@link #STUDIES}) is: the same formulas in SQL (to load) and in Java
   * (to know the answers). Titles and names mix Korean and English, upper and lower case, from word
   * lists; {@code 하스켈} is in exactly 8 titles; creation times go back 30 s every two studies (so
   * pairs tie and the id decides); deadlines spread from 20 days ago to 99 days ahead.
   */
  static final class Generator {
    static final String[] TOPICS = {
      "자바",
      "Spring",
      "스프링",
      "React",
      "리액트",
      "Python",
      "파이썬",
      "Kotlin",
      "코틀린",
      "Go",
      "Rust",
      "Node.js",
      "TypeScript",
      "알고리즘",
      "코딩테스트",
      "CS",
      "운영체제",
      "네트워크",
      "DB",
      "SQL",
      "AWS",
      "Docker",
      "Kubernetes",
      "쿠버네티스",
      "Flutter",
      "iOS",
      "Android",
      "안드로이드",
      "ML",
      "딥러닝",
      "데이터",
      "Vue",
      "Next.js",
      "JPA",
      "MSA",
      "DevOps",
      "면접",
      "자료구조",
      "Linux",
      "C++"
    };
    static final String[] KINDS = {
      "스터디",
      "study",
      "모각코",
      "프로젝트",
      "project",
      "북클럽",
      "reading group",
      "챌린지",
      "bootcamp",
      "멘토링",
      "meetup",
      "세미나",
      "study group"
    };
    static final String[] TAILS = {
      "모집",
      "팀원 구합니다",
      "recruiting",
      "같이 하실 분",
      "join us",
      "초보 환영",
      "for beginners",
      "주말반",
      "weekly",
      "온라인",
      "offline",
      "3기",
      "spring boot 위주",
      "",
      "",
      "SPRING 시즌",
      "새벽반"
    };
    static final String[] FIELDS = {
      "Spring",
      "자바",
      "Algorithm",
      "알고리즘",
      "Frontend",
      "프론트엔드",
      "Backend",
      "백엔드",
      "Data",
      "데이터",
      "Mobile",
      "모바일",
      "Cloud",
      "클라우드",
      "Security",
      "보안",
      "Game",
      "게임",
      "AI",
      "인공지능",
      "Web",
      "웹"
    };
    static final String[] GROUPS = {
      "크루", "crew", "클럽", "club", "팀", "team", "lab", "연구회", "squad", "모임", "SPRINGERS"
    };
    static final String[] CATEGORIES = StudyCategories.ALL.toArray(String[]::new);
    static final String[] TAGS = {
      "spring",
      "jpa",
      "java",
      "react",
      "typescript",
      "python",
      "django",
      "algorithm",
      "코테",
      "면접",
      "cs",
      "aws",
      "docker",
      "k8s",
      "kotlin",
      "android",
      "ios",
      "swift",
      "flutter",
      "go",
      "rust",
      "node",
      "nextjs",
      "vue",
      "ml",
      "pytorch",
      "sql",
      "redis",
      "kafka",
      "msa",
      "linux",
      "git",
      "tdd",
      "ddd",
      "클린코드",
      "책",
      "오프라인",
      "온라인",
      "주말",
      "평일"
    };
    static final int RARE_EVERY = 125_000;
    static final int RARE_AT = 777;
    static final String RARE = " 하스켈";
    static final Instant NEWEST = Instant.parse("2026-01-01T00:00:00Z");

    static String title(int i) {
      return TOPICS[i % 40]
          + " "
          + KINDS[(i / 40) % 13]
          + " "
          + TAILS[(i / 520) % 17]
          + (i % RARE_EVERY == RARE_AT ? RARE : "");
    }

    static String titleSql() {
      return "(%s)[1 + i %% 40] || ' ' || (%s)[1 + (i / 40) %% 13] || ' ' || (%s)[1 + (i / 520) %% 17]"
              .formatted(array(TOPICS), array(KINDS), array(TAILS))
          + " || case when i %% %d = %d then '%s' else '' end".formatted(RARE_EVERY, RARE_AT, RARE);
    }

    static String name(int i) {
      return FIELDS[(i / 3) % 22] + " " + GROUPS[(i / 66) % 11];
    }

    static String nameSql() {
      return "(%s)[1 + (i / 3) %% 22] || ' ' || (%s)[1 + (i / 66) %% 11]"
          .formatted(array(FIELDS), array(GROUPS));
    }

    static List<String> categories(int i) {
      String first = CATEGORIES[i % 8];
      return i % 3 == 0
          ? List.of(first)
          : List.of(first, CATEGORIES[(i % 8 + 1 + (i / 8) % 7) % 8]);
    }

    static String categoriesSql() {
      String c = array(CATEGORIES);
      return ("case when i %% 3 = 0 then array[(%1$s)[1 + i %% 8]]"
              + " else array[(%1$s)[1 + i %% 8], (%1$s)[1 + (i %% 8 + 1 + (i / 8) %% 7) %% 8]] end")
          .formatted(c);
    }

    static List<String> tags(int i) {
      List<String> tags = new ArrayList<>();
      if (i % 4 >= 1) {
        tags.add(TAGS[(i / 4) % 40]);
      }
      if (i % 4 >= 2) {
        tags.add(TAGS[((i / 4) % 40 + 1 + (i / 160) % 39) % 40]);
      }
      if (i % 4 == 3) {
        tags.add("lt" + (i % 20011));
      }
      return tags;
    }

    static String tagsSql() {
      String t = array(TAGS);
      return ("case i %% 4 when 0 then array[]::text[]"
              + " when 1 then array[(%1$s)[1 + (i / 4) %% 40]]"
              + " when 2 then array[(%1$s)[1 + (i / 4) %% 40],"
              + " (%1$s)[1 + ((i / 4) %% 40 + 1 + (i / 160) %% 39) %% 40]]"
              + " else array[(%1$s)[1 + (i / 4) %% 40],"
              + " (%1$s)[1 + ((i / 4) %% 40 + 1 + (i / 160) %% 39) %% 40], 'lt' || (i %% 20011)] end")
          .formatted(t);
    }

    static int memberLimit(int i) {
      return 2 + i % 9;
    }

    static int memberCount(int i) {
      return 1 + (i * 7) % memberLimit(i);
    }

    static LocalDate deadline(int i, LocalDate today) {
      return today.plusDays((i * 37) % 120 - 20);
    }

    static OffsetDateTime createdAt(int i) {
      return NEWEST.minusSeconds(30L * (i / 2)).atOffset(ZoneOffset.UTC);
    }

    private static UUID[] ids;

    /** md5('study' || i)::uuid, computed once. */
    static UUID id(int i) {
      if (ids == null) {
        UUID[] all = new UUID[STUDIES + 1];
        IntStream.rangeClosed(1, STUDIES).parallel().forEach(n -> all[n] = md5Uuid("study" + n));
        ids = all;
      }
      return ids[i];
    }

    static String insertSql(LocalDate today) {
      return """
          insert into search_study
              (study_id, leader_id, post_title, study_name, post_content, categories, tags,
               member_limit, member_count, start_date, end_date, deadline, head_image,
               created_at, updated_at)
          select md5('study' || i)::uuid, md5('leader' || (i %% %d))::uuid, %s, %s,
                 '<p>함께 공부할 분을 찾습니다. We meet weekly.</p>', %s, %s,
                 2 + i %% 9, 1 + (i * 7) %% (2 + i %% 9),
                 date '%s' + ((i * 37) %% 120 - 20) + 1,
                 date '%s' + ((i * 37) %% 120 - 20) + 60,
                 date '%s' + ((i * 37) %% 120 - 20),
                 case when i %% 5 = 0 then md5('img' || i) || '.png' end,
                 timestamptz '2026-01-01 00:00:00+00' - (i / 2) * interval '30 seconds',
                 timestamptz '2026-01-01 00:00:00+00' - (i / 2) * interval '30 seconds'
            from generate_series(1, %d) i
          """
          .formatted(
              USERS,
              titleSql(),
              nameSql(),
              categoriesSql(),
              tagsSql(),
              today,
              today,
              today,
              STUDIES);
    }

    private static String array(String[] values) {
      return Stream.of(values)
          .map(v -> "'" + v.replace("'", "''") + "'")
          .collect(Collectors.joining(", ", "array[", "]"));
    }

    private static UUID md5Uuid(String text) {
      try {
        String hex =
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        return UUID.fromString(
            hex.substring(0, 8)
                + "-"
                + hex.substring(8, 12)
                + "-"
                + hex.substring(12, 16)
                + "-"
                + hex.substring(16, 20)
                + "-"
                + hex.substring(20));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Studies in the list's default order (newest first, then the id as PostgreSQL orders it). */
    static IntStream newestFirst() {
      return IntStream.rangeClosed(0, STUDIES / 2)
          .flatMap(
              pair -> {
                int a = 2 * pair;
                int b = 2 * pair + 1;
                if (a < 1) {
                  return IntStream.of(b);
                }
                if (b > STUDIES) {
                  return IntStream.of(a);
                }
                return compare(id(a), id(b)) <= 0 ? IntStream.of(a, b) : IntStream.of(b, a);
              });
    }

    /** PostgreSQL's uuid order: the 16 bytes, unsigned. */
    static int compare(UUID a, UUID b) {
      int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
      return high != 0
          ? high
          : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
  }

  private static boolean loaded;

  /** Once for the class (a per-class lifecycle would start Spring before the infrastructure). */
  @BeforeEach
  void load() throws Exception {
    if (loaded) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      long t0 = System.nanoTime();
      statement.execute("truncate search_study, search_user cascade");
      // Load without the secondary indexes, then build them as their migrations define them:
      // minutes faster than maintaining two trigram and two gram indexes row by row.
      List<String> indexes = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery(
              """
              select indexname, indexdef from pg_indexes
               where tablename = 'search_study' and indexname <> 'search_study_pkey'
               order by indexname
              """)) {
        while (rows.next()) {
          indexes.add(rows.getString(2));
        }
      }
      for (String definition : indexes) {
        statement.execute("drop index " + definition.split(" ")[2]);
      }
      statement.execute(
          """
          insert into search_user (user_id, email, username, created_at, updated_at)
          select md5('leader' || u)::uuid, 'leader' || u || '@x.io', 'leader' || u, now(), now()
            from generate_series(0, %d) u
          """
              .formatted(USERS - 1));
      statement.execute(Generator.insertSql(today));
      long inserted = System.nanoTime();
      buildIndexes(indexes);
      long indexed = System.nanoTime();
      statement.execute("analyze search_study");
      statement.execute("analyze search_user");
      long done = System.nanoTime();
      log.info(
          "Loaded {} studies and {} users: insert {} ms, {} indexes {} ms, analyze {} ms;"
              + " search_study {} with indexes",
          STUDIES,
          USERS,
          (inserted - t0) / 1_000_000,
          indexes.size(),
          (indexed - inserted) / 1_000_000,
          (done - indexed) / 1_000_000,
          scalar(statement, "select pg_size_pretty(pg_total_relation_size('search_study'))"));
      StudySearchPlanTest.loaded = true;
    }
  }

  /** On both cores: the largest index (title grams) on one connection, the others on another. */
  private void buildIndexes(List<String> definitions) throws Exception {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    for (String definition : definitions) {
      (definition.contains("search_study_title_grams") ? first : second).add(definition);
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> builds = new ArrayList<>();
      for (List<String> batch : List.of(first, second)) {
        builds.add(
            pool.submit(
                () -> {
                  try (Connection connection = dataSource.getConnection();
                      Statement statement = connection.createStatement()) {
                    statement.execute("set maintenance_work_mem = '256MB'");
                    for (String definition : batch) {
                      statement.execute(definition);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> build : builds) {
        build.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  // --- the query shapes ---

  @Test
  void keywordsUseTheirIndexesAndFindWhatWasPutIn() throws Exception {
    // English, any case
    Plan spring = plan("keyword spring (English)", query("post_title", "spring"));
    assertThat(spring.ids()).isEqualTo(expectedPage(i -> contains(Generator.title(i), "spring")));
    assertThat(count(query("post_title", "spring")))
        .isEqualTo(expectedCount(i -> contains(Generator.title(i), "spring")));
    Plan mixed = plan("keyword SpRiNg (mixed case)", query("post_title", "SpRiNg"));
    assertThat(mixed.ids()).isEqualTo(spring.ids());

    // Korean: common and rare (3+ characters: trigrams)
    Plan korean = plan("keyword 스터디 (Korean)", query("post_title", "스터디"));
    assertThat(korean.ids()).isEqualTo(expectedPage(i -> Generator.title(i).contains("스터디")));
    assertThat(count(query("post_title", "스터디")))
        .isEqualTo(expectedCount(i -> Generator.title(i).contains("스터디")))
        .isGreaterThan(50_000);
    Plan rare = plan("keyword 하스켈 (Korean, 8 studies)", query("post_title", "하스켈"));
    assertThat(rare.ids()).isEqualTo(expectedPage(i -> i % Generator.RARE_EVERY == 777));
    assertThat(rare.ids()).hasSize(8);
    assertThat(rare.indexes()).contains("search_study_title_trgm");

    // one or two characters (and symbols): no trigram, the gram indexes (V102)
    Plan java = plan("keyword 자바 (2 characters, common)", query("post_title", "자바"));
    assertThat(java.ids()).isEqualTo(expectedPage(i -> Generator.title(i).contains("자바")));
    assertThat(count(query("post_title", "자바")))
        .isEqualTo(expectedCount(i -> Generator.title(i).contains("자바")));
    Plan rareShort = plan("keyword 하스 (2 characters, 8 studies)", query("post_title", "하스"));
    assertThat(rareShort.ids()).isEqualTo(rare.ids());
    assertThat(rareShort.indexes()).contains("search_study_title_grams");
    Plan one = plan("keyword 켈 (1 character, 8 studies)", query("post_title", "켈"));
    assertThat(one.ids()).isEqualTo(rare.ids());
    plan("keyword C++ (symbols)", query("post_title", "C++"));
    assertThat(count(query("post_title", "c++")))
        .isEqualTo(expectedCount(i -> Generator.title(i).contains("C++")));
    plan("keyword 'boot 위주' (two words)", query("post_title", "boot 위주"));
    assertThat(count(query("post_title", "boot 위주")))
        .isEqualTo(expectedCount(i -> Generator.title(i).contains("boot 위주")));

    // with a category; both keyword parameters (or)
    MultiValueMap<String, String> withCategory = query("post_title", "스터디");
    withCategory.add("categories", "AI");
    plan("keyword 스터디 + category AI", withCategory);
    assertThat(count(withCategory))
        .isEqualTo(
            expectedCount(
                i -> Generator.title(i).contains("스터디") && Generator.categories(i).contains("AI")));
    MultiValueMap<String, String> both = query("post_title", "spring");
    both.add("study_name", "spring");
    Plan either = plan("post_title or study_name spring", both);
    assertThat(either.ids())
        .isEqualTo(
            expectedPage(
                i ->
                    contains(Generator.title(i), "spring")
                        || contains(Generator.name(i), "spring")));
    MultiValueMap<String, String> bothRare = query("post_title", "하스켈");
    bothRare.add("study_name", "하스켈");
    assertThat(plan("post_title or study_name 하스켈", bothRare).ids()).isEqualTo(rare.ids());
    MultiValueMap<String, String> bothShort = query("post_title", "하스");
    bothShort.add("study_name", "하스");
    assertThat(plan("post_title or study_name 하스", bothShort).ids()).isEqualTo(rare.ids());
  }

  /**
   * The search box (one keyword as both {@code post_title} and {@code study_name}) with a category:
   * the queries of deploy/bench's {@code SearchAtScaleBenchmark}. A common keyword walks the
   * creation-time index; a rare one reads its trigram or gram index, never the category's (an
   * eighth of the table or more, 13 ms to read at this size, docs/search.md), and a bitmap scan
   * over the gram indexes does not compute {@code search_grams} again for the rows it found. No
   * plan is parallel, and the leaders are looked up for the page only ({@link #plan}).
   */
  @Test
  void theSearchBoxWithACategoryReadsOnlyTheKeywordsIndexes() throws Exception {
    record Case(String keyword, String category, String index) {}
    for (Case c :
        List.of(
            new Case("spring", "Backend", "search_study_created"),
            new Case("하스켈", "Backend", "search_study_title_trgm"),
            new Case("자바", "Frontend", "search_study_created"),
            new Case("하스", "Backend", "search_study_title_grams"),
            new Case("켈", "Backend", "search_study_title_grams"))) {
      MultiValueMap<String, String> searchBox =
          query("post_title", c.keyword(), "study_name", c.keyword(), "categories", c.category());
      Plan plan = plan("search box " + c.keyword() + " + category " + c.category(), searchBox);
      assertThat(plan.ids())
          .isEqualTo(
              expectedPage(
                  i ->
                      (contains(Generator.title(i), c.keyword())
                              || contains(Generator.name(i), c.keyword()))
                          && Generator.categories(i).contains(c.category())));
      assertThat(plan.indexes())
          .as(c.keyword())
          .contains(c.index())
          .doesNotContain("search_study_categories");
      assertThat(plan.bitmapFilters()).as(c.keyword()).noneMatch(f -> f.contains("search_grams"));
    }
  }

  @Test
  void setFiltersUseTheirIndexes() throws Exception {
    MultiValueMap<String, String> categories = query("categories", "AI");
    categories.add("categories", "Backend");
    plan("categories AI and Backend", categories);
    assertThat(count(categories))
        .isEqualTo(
            expectedCount(i -> Generator.categories(i).containsAll(List.of("AI", "Backend"))));
    plan("tag spring", query("tags", "spring"));
    assertThat(count(query("tags", "spring")))
        .isEqualTo(expectedCount(i -> Generator.tags(i).contains("spring")));
    Plan rareTag = plan("tag lt42 (rare)", query("tags", "lt42"));
    assertThat(rareTag.ids()).isEqualTo(expectedPage(i -> Generator.tags(i).contains("lt42")));
    plan("is_closed=false", query("is_closed", "false"));
    assertThat(count(query("is_closed", "true")))
        .isEqualTo(
            expectedCount(
                i ->
                    Generator.deadline(i, today).isBefore(today)
                        || Generator.memberCount(i) >= Generator.memberLimit(i)));
    plan("is_closed=true", query("is_closed", "true"));
  }

  @Test
  void pagesStartAtTheirCursor() throws Exception {
    Plan first = plan("default ordering, first page", query("cursor", ""));
    assertThat(first.ids()).isEqualTo(expectedPage(i -> true));

    // a page deep in the list: after study 600 000 in the default order
    List<Integer> order = Generator.newestFirst().boxed().toList();
    int at = 600_000;
    int after = order.get(at);
    StudyOrdering ordering = StudyOrdering.parse(null, null);
    String cursor =
        new Cursor(false, List.of(Generator.createdAt(after), Generator.id(after)))
            .encode(ordering);
    Plan deep = plan("default ordering, page after 600 000 rows (cursor)", query("cursor", cursor));
    assertThat(deep.ids())
        .isEqualTo(order.subList(at + 1, at + 10).stream().map(Generator::id).toList());
    assertThat(deep.maxRowsRemoved()).isLessThan(1_000);
    Plan backwards =
        plan(
            "default ordering, page before 600 000 rows (previous)",
            query(
                "cursor",
                new Cursor(true, List.of(Generator.createdAt(after), Generator.id(after)))
                    .encode(ordering)));
    assertThat(backwards.ids())
        .isEqualTo(order.subList(at - 9, at).reversed().stream().map(Generator::id).toList());

    // deadline (soonest first): the (deadline, study_id) index
    List<Integer> byDeadline =
        IntStream.rangeClosed(1, STUDIES)
            .boxed()
            .sorted(
                Comparator.comparingInt((Integer i) -> (i * 37) % 120)
                    .thenComparing(Generator::id, Generator::compare))
            .toList();
    Plan deadline = plan("ordering=deadline, first page", query("ordering", "deadline"));
    assertThat(deadline.ids())
        .isEqualTo(byDeadline.subList(0, 9).stream().map(Generator::id).toList());
    StudyOrdering soonest = StudyOrdering.parse("deadline", null);
    int middle = byDeadline.get(500_000);
    MultiValueMap<String, String> deadlinePage = query("ordering", "deadline");
    deadlinePage.add(
        "cursor",
        new Cursor(false, List.of(Generator.deadline(middle, today), Generator.id(middle)))
            .encode(soonest));
    assertThat(plan("ordering=deadline, page after 500 000 rows (cursor)", deadlinePage).ids())
        .isEqualTo(byDeadline.subList(500_001, 500_010).stream().map(Generator::id).toList());
    plan("ordering=-deadline, first page", query("ordering", "-deadline"));
    plan("ordering=created_at (oldest first), first page", query("ordering", "created_at"));
    MultiValueMap<String, String> keywordByDeadline = query("ordering", "deadline");
    keywordByDeadline.add("post_title", "스터디");
    plan("ordering=deadline + keyword 스터디", keywordByDeadline);
  }

  @Test
  void randomIsASampleWithoutRankingTheTable() throws Exception {
    Plan random = plan("random, no filter", query("random", "true"));
    assertThat(random.seqScans()).doesNotContain("search_study");
    assertThat(random.ids()).hasSize(8).doesNotHaveDuplicates();
    Plan again = plan("random, no filter, again", query("random", "true"));
    assertThat(again.ids()).hasSize(8).isNotEqualTo(random.ids());
    Plan filtered = plan("random + keyword 하스켈", query("ordering", "random", "post_title", "하스켈"));
    assertThat(filtered.ids())
        .containsExactlyInAnyOrderElementsOf(expectedPage(i -> i % Generator.RARE_EVERY == 777));
  }

  @Test
  void theEndpointAnswersFromTheIndexesToo() {
    List<String> expected =
        expectedPage(i -> i % Generator.RARE_EVERY == 777).stream().map(UUID::toString).toList();
    for (String keyword : List.of("하스켈", "하스", "켈")) {
      Map<String, Object> page =
          http.get()
              .uri(
                  uri ->
                      uri.path("/api/v1/studygroup/studies/")
                          .queryParam("post_title", keyword)
                          .build())
              .exchange()
              .expectStatus()
              .isOk()
              .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
              .returnResult()
              .getResponseBody();
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> results = (List<Map<String, Object>>) page.get("results");
      assertThat(results.stream().map(r -> (String) r.get("uuid")).toList()).isEqualTo(expected);
      assertThat(page.get("next")).isNull();
    }
  }

  /**
   * R2DBC keeps its statements prepared on each connection; after five executions PostgreSQL may
   * switch a prepared statement to a generic plan, made without the values. For a keyword that plan
   * walks the creation-time index and filters every row (hundreds of milliseconds for a rare
   * keyword at this size), so search-service's R2DBC connections plan every execution with its
   * values ({@code plan_cache_mode = force_custom_plan}, {@link ReadConnections}), and never in
   * parallel ({@code max_parallel_workers_per_gather = 0}).
   */
  @Test
  void theReadConnectionsNeverUseAGenericPlan() throws Exception {
    StudyQuery query = StudyQuery.of(query("post_title", "하스켈"), today);
    Positional positional = positional(query.sql(), query.params());
    // EXPLAIN (GENERIC_PLAN) takes the $n text unbound: the simple query protocol
    try (Connection connection =
            DriverManager.getConnection(
                System.getProperty("spring.datasource.url") + "?preferQueryMode=simple",
                System.getProperty("spring.datasource.username"),
                System.getProperty("spring.datasource.password"));
        Statement statement = connection.createStatement()) {
      String generic =
          scalar(statement, "explain (generic_plan, format json) " + positional.dollarSql());
      log.info(
          "Generic plan of the keyword query (what a cached statement could fall back to): {}",
          summary(JSON.readTree(generic).get(0)));
    }
    List<Map<String, Object>> statements =
        r2dbc
            .inConnection(
                connection ->
                    Flux.range(0, 8)
                        .concatMap(
                            n -> {
                              io.r2dbc.spi.Statement select =
                                  connection.createStatement(positional.dollarSql());
                              for (int i = 0; i < positional.values().size(); i++) {
                                select.bind(i, positional.values().get(i));
                              }
                              return Flux.from(select.execute())
                                  .flatMap(result -> result.map((row, meta) -> 1));
                            })
                        .then(
                            Flux.from(
                                    connection
                                        .createStatement(
                                            "select generic_plans, custom_plans,"
                                                + " current_setting('plan_cache_mode') as mode,"
                                                + " current_setting('max_parallel_workers_per_gather')"
                                                + " as workers"
                                                + " from pg_prepared_statements"
                                                + " where statement = $1")
                                        .bind(0, positional.dollarSql())
                                        .execute())
                                .flatMap(
                                    result ->
                                        result.map(
                                            (row, meta) ->
                                                Map.<String, Object>of(
                                                    "generic",
                                                    row.get("generic_plans", Long.class),
                                                    "custom",
                                                    row.get("custom_plans", Long.class),
                                                    "mode",
                                                    row.get("mode", String.class),
                                                    "workers",
                                                    row.get("workers", String.class))))
                                .collectList()))
            .block(Duration.ofSeconds(60));
    log.info("The keyword query 8 times on one R2DBC connection: {}", statements);
    assertThat(statements).isNotEmpty(); // prepared (named) statements: the risk is real
    assertThat(statements)
        .allSatisfy(
            s -> {
              assertThat(s.get("mode")).isEqualTo("force_custom_plan");
              assertThat(s.get("workers")).isEqualTo("0");
              assertThat(s.get("generic")).isEqualTo(0L);
            });
  }

  // --- explain ---

  /** The query's plan (custom, with its values) and its rows, logged; no sequential scan. */
  record Plan(JsonNode root, List<UUID> ids) {
    List<String> seqScans() {
      List<String> relations = new ArrayList<>();
      walk(
          root.get("Plan"),
          node -> {
            if ("Seq Scan".equals(text(node, "Node Type"))) {
              relations.add(text(node, "Relation Name"));
            }
          });
      return relations;
    }

    List<String> indexes() {
      List<String> indexes = new ArrayList<>();
      walk(
          root.get("Plan"),
          node -> {
            if (node.has("Index Name")) {
              indexes.add(text(node, "Index Name"));
            }
          });
      return indexes;
    }

    List<JsonNode> nodes(java.util.function.Predicate<JsonNode> matching) {
      List<JsonNode> nodes = new ArrayList<>();
      walk(
          root.get("Plan"),
          node -> {
            if (matching.test(node)) {
              nodes.add(node);
            }
          });
      return nodes;
    }

    /** How many times the plan read the relation (the loops of its scans). */
    long loops(String relation) {
      return nodes(node -> relation.equals(text(node, "Relation Name"))).stream()
          .mapToLong(node -> node.get("Actual Loops").asLong())
          .sum();
    }

    /** The filters of the bitmap heap scans (the rows an index found, evaluated again). */
    List<String> bitmapFilters() {
      return nodes(node -> "Bitmap Heap Scan".equals(text(node, "Node Type"))).stream()
          .map(node -> text(node, "Filter"))
          .filter(java.util.Objects::nonNull)
          .toList();
    }

    long maxRowsRemoved() {
      long[] max = {0};
      walk(
          root.get("Plan"),
          node -> {
            for (String field :
                List.of("Rows Removed by Filter", "Rows Removed by Index Recheck")) {
              if (node.has(field)) {
                max[0] = Math.max(max[0], node.get(field).asLong());
              }
            }
          });
      return max[0];
    }
  }

  private Plan plan(String name, MultiValueMap<String, String> parameters) throws Exception {
    StudyQuery query = StudyQuery.of(parameters, today);
    Positional positional = positional(query.sql(), query.params());
    try (Connection connection = dataSource.getConnection()) {
      // as on the R2DBC connections the endpoint reads through, for this transaction only
      connection.setAutoCommit(false);
      for (Map.Entry<String, String> option : ReadConnections.OPTIONS.entrySet()) {
        try (PreparedStatement set = connection.prepareStatement("select set_config(?, ?, true)")) {
          set.setString(1, option.getKey());
          set.setString(2, option.getValue());
          set.execute();
        }
      }
      JsonNode plan;
      try (PreparedStatement explain =
          connection.prepareStatement(
              "explain (analyze, buffers, format json) " + positional.questionSql())) {
        positional.bind(connection, explain);
        try (ResultSet rows = explain.executeQuery()) {
          rows.next();
          plan = JSON.readTree(rows.getString(1)).get(0);
        }
      }
      List<UUID> ids = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(positional.questionSql())) {
        positional.bind(connection, select);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            ids.add(rows.getObject("study_id", UUID.class));
          }
        }
      }
      connection.rollback();
      Plan result = new Plan(plan, ids);
      log.info(
          "{}: execution {} ms, planning {} ms, {} rows; {}",
          name,
          plan.get("Execution Time").asDouble(),
          plan.get("Planning Time").asDouble(),
          ids.size(),
          summary(plan));
      if (!name.contains("sequential scan: by design")) {
        assertThat(result.seqScans()).as(name + ": sequential scans").isEmpty();
      }
      assertThat(result.nodes(node -> text(node, "Node Type").startsWith("Gather")))
          .as(name + ": parallel plan")
          .isEmpty();
      if (!query.params().containsKey("pivot")) {
        // the leaders of the page's rows, not of every candidate (StudyQuery.sql())
        assertThat(result.loops("search_user"))
            .as(name + ": leaders looked up")
            .isLessThanOrEqualTo(query.limit());
      }
      return result;
    }
  }

  /** The plan tree in one line: node, relation or index, rows, rows filtered out, time. */
  private static String summary(JsonNode explained) {
    StringBuilder line = new StringBuilder();
    summary(explained.get("Plan"), line, 0);
    return line.toString();
  }

  private static void summary(JsonNode node, StringBuilder line, int depth) {
    line.append(depth == 0 ? "" : " > ").append(text(node, "Node Type"));
    if (node.has("Index Name")) {
      line.append(" ").append(text(node, "Index Name"));
    } else if (node.has("Relation Name")) {
      line.append(" ").append(text(node, "Relation Name"));
    }
    if (node.has("Actual Rows")) {
      line.append(" rows=").append(node.get("Actual Rows").asLong());
      if (node.has("Rows Removed by Filter")) {
        line.append(" filtered=").append(node.get("Rows Removed by Filter").asLong());
      }
      if (node.has("Rows Removed by Index Recheck")) {
        line.append(" rechecked=").append(node.get("Rows Removed by Index Recheck").asLong());
      }
      line.append(String.format(Locale.ROOT, " %.2fms", node.get("Actual Total Time").asDouble()));
    }
    JsonNode children = node.get("Plans");
    if (children != null) {
      line.append(" [");
      for (int i = 0; i < children.size(); i++) {
        summary(children.get(i), line.append(i == 0 ? "" : " |"), depth + 1);
      }
      line.append("]");
    }
  }

  private static void walk(JsonNode node, java.util.function.Consumer<JsonNode> visit) {
    visit.accept(node);
    JsonNode children = node.get("Plans");
    if (children != null) {
      for (JsonNode child : children) {
        walk(child, visit);
      }
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null ? null : value.asString();
  }

  /** The named-parameter text as JDBC ({@code ?}) or PostgreSQL ({@code $n}) wants it. */
  record Positional(String questionSql, String dollarSql, List<Object> values, List<Object> each) {
    void bind(Connection connection, PreparedStatement statement) throws SQLException {
      for (int i = 0; i < each.size(); i++) {
        Object value = each.get(i);
        if (value instanceof String[] array) {
          Array sqlArray = connection.createArrayOf("text", array);
          statement.setArray(i + 1, sqlArray);
        } else if (value instanceof String text) {
          statement.setString(i + 1, text);
        } else {
          statement.setObject(i + 1, value);
        }
      }
    }
  }

  private static Positional positional(String sql, Map<String, Object> params) {
    Matcher names = NAMED.matcher(sql);
    StringBuilder question = new StringBuilder();
    StringBuilder dollar = new StringBuilder();
    List<String> order = new ArrayList<>();
    List<Object> each = new ArrayList<>();
    int last = 0;
    while (names.find()) {
      String name = names.group(1);
      assertThat(params).containsKey(name);
      if (!order.contains(name)) {
        order.add(name);
      }
      each.add(params.get(name));
      question.append(sql, last, names.start()).append('?');
      dollar.append(sql, last, names.start()).append('$').append(order.indexOf(name) + 1);
      last = names.end();
    }
    question.append(sql.substring(last));
    dollar.append(sql.substring(last));
    assertThat(order).containsExactlyInAnyOrderElementsOf(params.keySet());
    return new Positional(
        question.toString(), dollar.toString(), order.stream().map(params::get).toList(), each);
  }

  // --- expectations ---

  private long count(MultiValueMap<String, String> parameters) throws Exception {
    StudyQuery query = StudyQuery.of(parameters, today);
    String where = query.where().isEmpty() ? "" : " where " + String.join(" and ", query.where());
    Positional positional =
        positional("select count(*) from search_study s" + where, query.params());
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(positional.questionSql())) {
      positional.bind(connection, select);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static long expectedCount(IntPredicate matches) {
    return IntStream.rangeClosed(1, STUDIES).parallel().filter(matches).count();
  }

  /** The first page (9 rows: a page and one) in the default order. */
  private static List<UUID> expectedPage(IntPredicate matches) {
    return Generator.newestFirst().filter(matches).limit(9).mapToObj(Generator::id).toList();
  }

  private static boolean contains(String text, String keyword) {
    return text.toLowerCase(Locale.ROOT).contains(keyword.toLowerCase(Locale.ROOT));
  }

  private static MultiValueMap<String, String> query(String... nameValues) {
    MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      query.add(nameValues[i], nameValues[i + 1]);
    }
    return query;
  }

  private static String scalar(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}

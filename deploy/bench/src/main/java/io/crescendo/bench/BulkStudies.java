package io.crescendo.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Studies written straight into search-service's read model ({@code search_study} and the leaders
 * in {@code search_user}), the way search-service's {@code StudySearchPlanTest} loads a million:
 * {@code insert ... select} over {@code generate_series} with titles and names mixed from Korean
 * and English word lists, the eight categories, tags, dates and leaders. Study {@code i} is always
 * the same row, so that loading {@code 1..n} and then {@code n+1..m} gives the same table as
 * loading {@code 1..m}. Ids are {@code md5('bench-study' || i)}, apart from every id the platform
 * draws.
 *
 * <p>{@code 하스켈} is in exactly the titles of {@code i ≡ 777 (mod 125 000)} (8 in a million, one in
 * the first 10 000), all in category {@code Backend}.
 */
final class BulkStudies {

  static final int LEADERS = 100_000;
  static final int RARE_EVERY = 125_000;
  static final int RARE_AT = 777;
  static final String RARE = " 하스켈";

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
  static final String[] CATEGORIES = {
    "Frontend", "Backend", "Mobile", "Embedded", "AI", "DevOps", "Interview", "Etc"
  };
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

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final LocalDate today;

  BulkStudies(String jdbcUrl, String user, String password, LocalDate today) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.today = today;
  }

  /** The title of study {@code i}, as {@link #insertSql} writes it. */
  static String title(long i) {
    return TOPICS[(int) (i % 40)]
        + " "
        + KINDS[(int) ((i / 40) % 13)]
        + " "
        + TAILS[(int) ((i / 520) % 17)]
        + (i % RARE_EVERY == RARE_AT ? RARE : "");
  }

  /** The categories of study {@code i}, as {@link #insertSql} writes them. */
  static List<String> categories(long i) {
    String first = CATEGORIES[(int) (i % 8)];
    return i % 3 == 0
        ? List.of(first)
        : List.of(first, CATEGORIES[(int) ((i % 8 + 1 + (i / 8) % 7) % 8)]);
  }

  /** The leaders of every study, once. */
  static String leadersSql() {
    return """
        insert into search_user (user_id, email, username, created_at, updated_at)
        select md5('bench-leader' || u)::uuid, 'bench-leader' || u || '@bench.local',
               'bench-leader' || u, now(), now()
          from generate_series(0, %d) u
        on conflict do nothing
        """
        .formatted(LEADERS - 1);
  }

  /** Studies {@code from} … {@code to} (inclusive). */
  String insertSql(int from, int to) {
    return """
        insert into search_study
            (study_id, leader_id, post_title, study_name, post_content, categories, tags,
             member_limit, member_count, start_date, end_date, deadline, head_image,
             created_at, updated_at)
        select md5('bench-study' || i)::uuid, md5('bench-leader' || (i %% %d))::uuid, %s, %s,
               '<p>함께 공부할 분을 찾습니다. We meet weekly.</p>', %s, %s,
               2 + i %% 9, 1 + (i * 7) %% (2 + i %% 9),
               date '%s' + ((i * 37) %% 120 - 20) + 1,
               date '%s' + ((i * 37) %% 120 - 20) + 60,
               date '%s' + ((i * 37) %% 120 - 20),
               case when i %% 5 = 0 then md5('img' || i) || '.png' end,
               timestamptz '2026-01-01 00:00:00+00' - (i / 2) * interval '30 seconds',
               timestamptz '2026-01-01 00:00:00+00' - (i / 2) * interval '30 seconds'
          from generate_series(%d, %d) i
        on conflict do nothing
        """
        .formatted(
            LEADERS,
            titleSql(),
            nameSql(),
            categoriesSql(),
            tagsSql(),
            today,
            today,
            today,
            from,
            to);
  }

  static String titleSql() {
    return "(%s)[1 + i %% 40] || ' ' || (%s)[1 + (i / 40) %% 13] || ' ' || (%s)[1 + (i / 520) %% 17]"
            .formatted(array(TOPICS), array(KINDS), array(TAILS))
        + " || case when i %% %d = %d then '%s' else '' end".formatted(RARE_EVERY, RARE_AT, RARE);
  }

  static String nameSql() {
    return "(%s)[1 + (i / 3) %% 22] || ' ' || (%s)[1 + (i / 66) %% 11]"
        .formatted(array(FIELDS), array(GROUPS));
  }

  static String categoriesSql() {
    String c = array(CATEGORIES);
    return ("case when i %% 3 = 0 then array[(%1$s)[1 + i %% 8]]"
            + " else array[(%1$s)[1 + i %% 8], (%1$s)[1 + (i %% 8 + 1 + (i / 8) %% 7) %% 8]] end")
        .formatted(c);
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

  private static String array(String[] values) {
    return Stream.of(values)
        .map(v -> "'" + v.replace("'", "''") + "'")
        .collect(Collectors.joining(", ", "array[", "]"));
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  long studies() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select count(*) from search_study")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /**
   * Leaders and studies {@code from} … {@code to}, maintaining every index as it goes, then {@code
   * vacuum analyze}: as autovacuum leaves the table. Before that, the rows wait in the pending
   * lists of the GIN indexes (trigram, gram, categories, tags), which every search reads whole: at
   * ten thousand fresh studies a two-character keyword took 4.5 ms instead of 1 ms.
   */
  void insert(int from, int to) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(leadersSql());
      statement.execute(insertSql(from, to));
      statement.execute("vacuum analyze search_study");
      statement.execute("vacuum analyze search_user");
    }
  }

  /**
   * Studies {@code from} … {@code to} without the secondary indexes of {@code search_study}, then
   * the indexes again exactly as their migrations defined them (minutes faster than maintaining two
   * trigram and two gram indexes row by row), then {@code vacuum analyze}.
   *
   * @return the index definitions that were rebuilt
   */
  List<String> bulkInsert(int from, int to) throws Exception {
    List<String> definitions = new ArrayList<>();
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(leadersSql());
      try (ResultSet rows =
          statement.executeQuery(
              """
              select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                from pg_index i
               where i.indrelid = 'search_study'::regclass and not i.indisprimary
                 and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
               order by 1
              """)) {
        List<String> names = new ArrayList<>();
        while (rows.next()) {
          names.add(rows.getString(1));
          definitions.add(rows.getString(2));
        }
        rows.close();
        for (String name : names) {
          statement.execute("drop index " + name);
        }
      }
      statement.execute(insertSql(from, to));
    }
    buildIndexes(definitions);
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("vacuum analyze search_study");
      statement.execute("vacuum analyze search_user");
    }
    return definitions;
  }

  /** On two connections: the largest (title grams) on one, the others on the other. */
  private void buildIndexes(List<String> definitions) throws Exception {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    for (String definition : definitions) {
      (definition.contains("title_grams") ? first : second).add(definition);
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> builds = new ArrayList<>();
      for (List<String> batch : List.of(first, second)) {
        builds.add(
            pool.submit(
                () -> {
                  try (Connection connection = connect();
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
}

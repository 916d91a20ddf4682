package io.crescendo.search.web;

import io.crescendo.events.study.StudyCategories;
import io.crescendo.web.error.ValidationException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.util.MultiValueMap;

/**
 * The SQL of one page of the study list (API-v1 §5.3.1, §1.6), built from the request's query
 * parameters: the endpoint runs exactly this text with these values, and {@code
 * StudySearchPlanTest} explains it at a million studies.
 *
 * <p>Named parameters ({@code :title}, {@code :k0}, …) as {@code DatabaseClient} binds them; a name
 * may occur more than once (the cursor's key), and the text holds no other colon.
 *
 * @param ordering the page's ordering
 * @param cursor where the page starts, or null for the first page
 * @param where the conditions joined with {@code and}, empty for none
 * @param params the values of the named parameters, in order of first use
 */
record StudyQuery(
    StudyOrdering ordering, Cursor cursor, List<String> where, Map<String, Object> params) {

  static final int PAGE_SIZE = 8;

  StudyQuery {
    where = List.copyOf(where);
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /**
   * The query of a request.
   *
   * @param query the request's query parameters
   * @param today the date in Asia/Seoul, for {@code is_closed}
   * @throws ValidationException 400 for an unknown category
   * @throws org.springframework.web.server.ResponseStatusException 404 for a bad cursor
   */
  static StudyQuery of(MultiValueMap<String, String> query, LocalDate today) {
    StudyOrdering ordering = StudyOrdering.parse(last(query, "ordering"), last(query, "random"));
    Set<String> categories = new LinkedHashSet<>();
    for (String category : query.getOrDefault("categories", List.of())) {
      if (category.isEmpty()) {
        continue;
      }
      if (!StudyCategories.isCategory(category)) {
        throw ValidationException.of(
            "categories", "Select a valid choice. " + category + " is not one of the choices.");
      }
      categories.add(category);
    }
    Cursor cursor = ordering.random() ? null : Cursor.decode(last(query, "cursor"), ordering);

    List<String> where = new ArrayList<>();
    Map<String, Object> params = new LinkedHashMap<>();
    String title = nonBlank(last(query, "post_title"));
    String name = nonBlank(last(query, "study_name"));
    List<Keyword> keywords = new ArrayList<>();
    if (title != null) {
      keywords.add(keyword("post_title", "title", title, params));
    }
    if (name != null) {
      keywords.add(keyword("study_name", "name", name, params));
    }
    where.addAll(Keyword.conditions(keywords));
    String tag = nonBlank(last(query, "tags"));
    if (!categories.isEmpty()) {
      // With a keyword or a tag, a filter on the rows those indexes find (or on the walk of the
      // sort index), never an index condition: a category holds an eighth of the studies or more,
      // and reading its GIN index (200 000 entries at a million studies, 13 ms) to AND it with a
      // rare keyword's few rows cost more than the whole query. As "(…) is true" the planner
      // cannot use the index for it but keeps its estimate (see keyword()).
      String contains = "s.categories @> :categories";
      where.add(keywords.isEmpty() && tag == null ? contains : "(" + contains + ") is true");
      params.put("categories", categories.toArray(String[]::new));
    }
    if (tag != null && tag.indexOf('\0') >= 0) {
      where.add("false"); // as for keywords: no tag holds NUL
    } else if (tag != null) {
      where.add("s.tags @> :tags");
      params.put("tags", new String[] {tag});
    }
    String closed = last(query, "is_closed");
    if (closed != null) {
      String value = closed.strip().toLowerCase();
      String isClosed = "(s.deadline < :today or s.member_count >= s.member_limit)";
      if (value.equals("true") || value.equals("1")) {
        where.add(isClosed);
        params.put("today", today);
      } else if (value.equals("false") || value.equals("0")) {
        where.add("not " + isClosed);
        params.put("today", today);
      }
    }
    if (cursor != null) {
      where.add(ordering.keyBound(cursor.backwards()));
      where.add(ordering.keyCondition(cursor.backwards()));
      for (int i = 0; i < cursor.key().size(); i++) {
        params.put("k" + i, cursor.key().get(i));
      }
    }
    if (ordering.random() && where.isEmpty()) {
      params.put("pivot", UUID.randomUUID()); // see randomSample()
    }
    return new StudyQuery(ordering, cursor, where, params);
  }

  /** Whether the page is read backwards (a {@code previous} cursor): its rows come reversed. */
  boolean backwards() {
    return cursor != null && cursor.backwards();
  }

  /** Rows fetched: a random sample of a page, else one more than a page to know of a next one. */
  int limit() {
    return ordering.random() ? PAGE_SIZE : PAGE_SIZE + 1;
  }

  /**
   * The statement the endpoint runs: the page's rows of {@code search_study} first, then their
   * leaders. Joined below the {@code limit}, the leader would be looked up for every candidate a
   * plan sorts (hundreds for a common two-character keyword found through its gram index) instead
   * of for the rows of the page.
   */
  String sql() {
    if (params.containsKey("pivot")) {
      return randomSample();
    }
    return "select "
        + StudyRow.COLUMNS
        + " from (select s.* from search_study s"
        + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
        + " order by "
        + (ordering.random() ? "random()" : ordering.orderBy(backwards()))
        + " limit "
        + limit()
        + ") s left join search_user u on u.user_id = s.leader_id"
        + (ordering.random() ? "" : " order by " + ordering.orderBy(backwards()));
  }

  /**
   * The home page's sample (random, no filter) without ranking the whole table: the first studies
   * from a random point in the primary key, wrapping around. Study ids are random UUIDs, so
   * neighbours by id are a random set; {@code order by random()} would read every row (about a
   * second at a million studies, on every home page view). With filters the candidates are ranked
   * by {@code random()} (they are found through the filters' indexes).
   */
  private String randomSample() {
    String select = "select " + StudyRow.COLUMNS + StudyRow.FROM;
    return "("
        + select
        + " where s.study_id >= :pivot order by s.study_id limit "
        + PAGE_SIZE
        + ") union all ("
        + select
        + " where s.study_id < :pivot order by s.study_id limit "
        + PAGE_SIZE
        + ") limit "
        + PAGE_SIZE;
  }

  /**
   * "The column contains the keyword, in any case": {@code ilike}, which the column's trigram index
   * ({@code gin_trgm_ops}) narrows down when pg_trgm finds a trigram in the pattern ({@link
   * #hasTrigram}). Without one ({@code 자바}, {@code Go}, {@code C++}) that index could only be read
   * whole, so the column's gram index (V102, {@code search_grams}: every character and pair of
   * characters, lower-case) finds the texts with the keyword's first two characters (for a keyword
   * of one or two: exactly the texts that contain it), and {@code ilike} decides; as {@code (…) is
   * true}, which means the same for these non-null values but keeps the planner from also reading
   * the trigram index whole for it, while keeping its estimate from the column's statistics.
   */
  private static Keyword keyword(
      String column, String param, String keyword, Map<String, Object> params) {
    if (keyword.indexOf('\0') >= 0) {
      // no stored text holds NUL (PostgreSQL refuses it, as a parameter too): matches nothing
      return new Keyword("false", "false", true);
    }
    params.put(param, contains(keyword));
    String ilike = "s." + column + " ilike :" + param;
    if (hasTrigram(keyword)) {
      return new Keyword(ilike, ilike, true);
    }
    String name = param + "_keyword";
    params.put(name, keyword);
    return new Keyword(
        "search_grams(s.%s) @> array[left(lower(:%s), 2)]".formatted(column, name),
        "(" + ilike + ") is true",
        false);
  }

  /**
   * A keyword's test of one column: {@code index}, what an index finds, implied by {@code exact},
   * the test itself (the same text for a pattern with a trigram).
   */
  record Keyword(String index, String exact, boolean trigram) {

    /**
     * The conditions of the keywords, which match if any matches (API-v1 §5.3.1: the search box
     * sends one keyword as both).
     *
     * <p>Without trigrams: {@code (index₁ or index₂) and (exact₁ or exact₂)}, the same rows as
     * {@code (index₁ and exact₁) or (index₂ and exact₂)} since each exact test implies its index
     * test, but in two conditions: the gram indexes find the rows of the first, which a bitmap scan
     * then need not compute again ({@code search_grams} is plpgsql, about 7 µs a text against 0.3
     * µs for {@code ilike}), and the cheap {@code ilike} filters them. Where the plan walks the
     * sort index instead, the conditions are evaluated cheapest first, so {@code search_grams} runs
     * only for the rows {@code ilike} (and a category) kept. In the disjunction of conjunctions the
     * whole condition was evaluated for every row the bitmap found, gram tests first.
     *
     * <p>With a trigram in one and not the other (different {@code post_title} and {@code
     * study_name}): {@code exact} before {@code index} within each alternative, so that {@code
     * search_grams} runs only where {@code ilike} matched.
     */
    static List<String> conditions(List<Keyword> keywords) {
      if (keywords.isEmpty()) {
        return List.of();
      }
      if (keywords.stream().allMatch(Keyword::trigram)) {
        return List.of(either(keywords.stream().map(Keyword::exact).toList()));
      }
      if (keywords.stream().noneMatch(Keyword::trigram)) {
        return List.of(
            either(keywords.stream().map(Keyword::index).toList()),
            either(keywords.stream().map(Keyword::exact).toList()));
      }
      return List.of(
          either(
              keywords.stream()
                  .map(k -> k.trigram() ? k.exact() : "(" + k.exact() + " and " + k.index() + ")")
                  .toList()));
    }

    private static String either(List<String> alternatives) {
      return alternatives.size() == 1
          ? alternatives.getFirst()
          : "(" + String.join(" or ", alternatives) + ")";
    }
  }

  /**
   * Whether pg_trgm makes a trigram of the pattern {@code %keyword%}: it takes the runs of letters
   * and digits, padded with two blanks in front and one behind where the run does not touch a
   * wildcard (here: the ends of the keyword), and needs three characters.
   */
  static boolean hasTrigram(String keyword) {
    int[] characters = keyword.codePoints().toArray();
    int i = 0;
    while (i < characters.length) {
      if (!Character.isLetterOrDigit(characters[i])) {
        i++;
        continue;
      }
      int start = i;
      while (i < characters.length && Character.isLetterOrDigit(characters[i])) {
        i++;
      }
      int padded = i - start + (start > 0 ? 2 : 0) + (i < characters.length ? 1 : 0);
      if (padded >= 3) {
        return true;
      }
    }
    return false;
  }

  /** ILIKE's pattern for "contains": {@code \}, {@code %} and {@code _} match themselves. */
  static String contains(String text) {
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** Single-valued parameters: the last occurrence wins (API-v1 §1.1). */
  static String last(MultiValueMap<String, String> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.getLast();
  }
}

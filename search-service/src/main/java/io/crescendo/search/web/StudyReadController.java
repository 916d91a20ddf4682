package io.crescendo.search.web;

import io.crescendo.events.study.StudyCategories;
import io.crescendo.web.error.ValidationException;
import io.crescendo.web.request.PublicOrigin;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/** The public study reads (API-v1 §5.3.1, §5.3.3, §5.4), from the read models over R2DBC. */
@RestController
@RequestMapping("/api/v1/studygroup")
class StudyReadController {

  static final int PAGE_SIZE = 8;
  private static final Pattern CANONICAL_UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern SMALL_INTEGER = Pattern.compile("[0-9]{1,3}");

  private final DatabaseClient db;
  private final Clock clock;

  StudyReadController(DatabaseClient db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @GetMapping("/categories")
  List<Map<String, String>> categories() {
    return StudyCategories.ALL.stream().map(name -> Map.of("name", name)).toList();
  }

  @GetMapping("/tags")
  Mono<List<Map<String, String>>> tags(ServerHttpRequest request) {
    String raw = last(request.getQueryParams(), "random_count");
    int count = 3;
    if (raw != null) {
      if (!SMALL_INTEGER.matcher(raw).matches()
          || Integer.parseInt(raw) < 1
          || Integer.parseInt(raw) > 10) {
        throw ValidationException.of("random_count", "Enter an integer between 1 and 10.");
      }
      count = Integer.parseInt(raw);
    }
    return db.sql(
            """
            select name from (select distinct unnest(tags) as name from search_study) t
             order by random() limit :count
            """)
        .bind("count", count)
        .map(row -> Map.of("name", row.get("name", String.class)))
        .all()
        .collectList();
  }

  @GetMapping("/studies/{study}")
  Mono<Map<String, Object>> study(@PathVariable String study, ServerHttpRequest request) {
    if (!CANONICAL_UUID.matcher(study).matches()) {
      return Mono.error(notFound());
    }
    String origin = PublicOrigin.of(request);
    LocalDate today = today();
    return db.sql("select " + StudyRow.COLUMNS + StudyRow.FROM + " where s.study_id = :id")
        .bind("id", UUID.fromString(study))
        .map(StudyRow::of)
        .one()
        .map(row -> row.detail(origin, today))
        .switchIfEmpty(Mono.error(notFound()));
  }

  @GetMapping("/studies")
  Mono<Map<String, Object>> studies(ServerHttpRequest request) {
    MultiValueMap<String, String> query = request.getQueryParams();
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
    LocalDate today = today();

    List<String> where = new ArrayList<>();
    Map<String, Object> params = new LinkedHashMap<>();
    String title = nonBlank(last(query, "post_title"));
    String name = nonBlank(last(query, "study_name"));
    if (title != null && name != null) {
      where.add("(s.post_title ilike :title or s.study_name ilike :name)");
    } else if (title != null) {
      where.add("s.post_title ilike :title");
    } else if (name != null) {
      where.add("s.study_name ilike :name");
    }
    if (title != null) {
      params.put("title", contains(title));
    }
    if (name != null) {
      params.put("name", contains(name));
    }
    if (!categories.isEmpty()) {
      where.add("s.categories @> :categories");
      params.put("categories", categories.toArray(String[]::new));
    }
    String tag = nonBlank(last(query, "tags"));
    if (tag != null) {
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
    boolean backwards = cursor != null && cursor.backwards();
    if (cursor != null) {
      where.add(ordering.keyCondition(backwards));
      for (int i = 0; i < cursor.key().size(); i++) {
        params.put("k" + i, cursor.key().get(i));
      }
    }
    String sql =
        "select "
            + StudyRow.COLUMNS
            + StudyRow.FROM
            + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
            + " order by "
            + (ordering.random() ? "random()" : ordering.orderBy(backwards))
            + " limit "
            + (ordering.random() ? PAGE_SIZE : PAGE_SIZE + 1);
    DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
    for (Map.Entry<String, Object> param : params.entrySet()) {
      spec = spec.bind(param.getKey(), param.getValue());
    }
    String origin = PublicOrigin.of(request);
    return spec.map(StudyRow::of)
        .all()
        .collectList()
        .map(
            rows -> {
              boolean more = rows.size() > PAGE_SIZE;
              List<StudyRow> page = new ArrayList<>(more ? rows.subList(0, PAGE_SIZE) : rows);
              String next = null;
              String previous = null;
              if (!ordering.random()) {
                if (backwards) {
                  java.util.Collections.reverse(page);
                  if (more) {
                    previous = link(request, origin, cursorAt(true, page.getFirst(), ordering));
                  }
                  if (!page.isEmpty()) {
                    next = link(request, origin, cursorAt(false, page.getLast(), ordering));
                  }
                } else {
                  if (more) {
                    next = link(request, origin, cursorAt(false, page.getLast(), ordering));
                  }
                  if (cursor != null && !page.isEmpty()) {
                    previous = link(request, origin, cursorAt(true, page.getFirst(), ordering));
                  }
                }
              }
              Map<String, Object> answer = new LinkedHashMap<>();
              answer.put("next", next);
              answer.put("previous", previous);
              answer.put("results", page.stream().map(row -> row.listItem(origin, today)).toList());
              return answer;
            });
  }

  private static String cursorAt(boolean backwards, StudyRow row, StudyOrdering ordering) {
    List<Object> key = ordering.terms().stream().map(term -> row.keyOf(term.column())).toList();
    return new Cursor(backwards, key).encode(ordering);
  }

  /** The same endpoint with every parameter of the request, {@code cursor} replaced. */
  static String link(ServerHttpRequest request, String origin, String cursor) {
    StringBuilder url = new StringBuilder(origin).append(request.getURI().getRawPath()).append('?');
    String rawQuery = request.getURI().getRawQuery();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty() || pair.equals("cursor") || pair.startsWith("cursor=")) {
          continue;
        }
        url.append(pair).append('&');
      }
    }
    return url.append("cursor=").append(cursor).toString();
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(StudyRow.SEOUL));
  }

  private static String contains(String text) {
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** Single-valued parameters: the last occurrence wins (API-v1 §1.1). */
  private static String last(MultiValueMap<String, String> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.getLast();
  }

  private static ResponseStatusException notFound() {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "Not found.");
  }
}

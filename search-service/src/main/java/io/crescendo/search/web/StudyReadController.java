package io.crescendo.search.web;

import io.crescendo.events.study.StudyCategories;
import io.crescendo.web.error.ValidationException;
import io.crescendo.web.request.PublicOrigin;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.r2dbc.core.DatabaseClient;
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

  static final int PAGE_SIZE = StudyQuery.PAGE_SIZE;
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
    String raw = StudyQuery.last(request.getQueryParams(), "random_count");
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
    LocalDate today = today();
    StudyQuery query = StudyQuery.of(request.getQueryParams(), today);
    StudyOrdering ordering = query.ordering();
    Cursor cursor = query.cursor();
    DatabaseClient.GenericExecuteSpec spec = db.sql(query.sql());
    for (Map.Entry<String, Object> param : query.params().entrySet()) {
      spec = spec.bind(param.getKey(), param.getValue());
    }
    String origin = PublicOrigin.of(request);
    return spec.map(StudyRow::of)
        .all()
        .collectList()
        .map(
            rows ->
                ordering.random()
                    ? KeysetPage.of(
                        null, null, rows.stream().map(row -> row.listItem(origin, today)).toList())
                    : KeysetPage.answer(
                        request,
                        origin,
                        ordering.keyset(),
                        cursor,
                        PAGE_SIZE,
                        rows,
                        row -> ordering.terms().stream().map(t -> row.keyOf(t.column())).toList(),
                        row -> row.listItem(origin, today)));
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(StudyRow.SEOUL));
  }

  private static ResponseStatusException notFound() {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "Not found.");
  }
}

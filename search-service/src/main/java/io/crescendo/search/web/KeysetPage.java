package io.crescendo.search.web;

import io.crescendo.web.request.PublicOrigin;
import io.r2dbc.spi.Readable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * One page of a keyset-paginated list (API-v1 §1.6): reads {@code size} rows after (or before) the
 * cursor and answers {@code {"next", "previous", "results"}}, the links absolute and carrying every
 * query parameter of the request with {@code cursor} replaced.
 */
final class KeysetPage {

  private KeysetPage() {}

  /**
   * The page.
   *
   * @param selectFrom {@code select … from …} (with joins), the key columns among the results
   * @param where conditions joined with {@code and}, their parameters in {@code params}
   * @param item the answer shape of a row, given the public origin
   */
  static Mono<Map<String, Object>> read(
      DatabaseClient db,
      ServerHttpRequest request,
      Keyset keyset,
      Cursor cursor,
      int size,
      String selectFrom,
      List<String> where,
      Map<String, Object> params,
      BiFunction<Readable, String, Object> item) {
    boolean backwards = cursor != null && cursor.backwards();
    List<String> conditions = new ArrayList<>(where);
    Map<String, Object> binds = new LinkedHashMap<>(params);
    if (cursor != null) {
      conditions.add(keyset.keyCondition(backwards));
      for (int i = 0; i < cursor.key().size(); i++) {
        binds.put("k" + i, cursor.key().get(i));
      }
    }
    String sql =
        selectFrom
            + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions))
            + " order by "
            + keyset.orderBy(backwards)
            + " limit "
            + (size + 1);
    DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
    for (Map.Entry<String, Object> bind : binds.entrySet()) {
      spec = spec.bind(bind.getKey(), bind.getValue());
    }
    String origin = PublicOrigin.of(request);
    return spec.map(row -> new Row(keyset.keyOf(row), item.apply(row, origin)))
        .all()
        .collectList()
        .map(rows -> answer(request, origin, keyset, cursor, size, rows, Row::key, Row::item));
  }

  private record Row(List<Object> key, Object item) {}

  /**
   * The answer from the rows read: up to {@code size + 1} in the page's direction (reversed when
   * reading backwards), the extra one telling that there is a further page.
   *
   * @param keyOf the sort key of a row, as {@link Keyset#keyOf} reads it
   * @param item the answer shape of a row
   */
  static <R> Map<String, Object> answer(
      ServerHttpRequest request,
      String origin,
      Keyset keyset,
      Cursor cursor,
      int size,
      List<R> rows,
      Function<R, List<Object>> keyOf,
      Function<R, Object> item) {
    boolean more = rows.size() > size;
    List<R> page = new ArrayList<>(more ? rows.subList(0, size) : rows);
    String next = null;
    String previous = null;
    if (cursor != null && cursor.backwards()) {
      Collections.reverse(page);
      if (more) {
        previous = link(request, origin, keyset.encode(true, keyOf.apply(page.getFirst())));
      }
      if (!page.isEmpty()) {
        next = link(request, origin, keyset.encode(false, keyOf.apply(page.getLast())));
      }
    } else {
      if (more) {
        next = link(request, origin, keyset.encode(false, keyOf.apply(page.getLast())));
      }
      if (cursor != null && !page.isEmpty()) {
        previous = link(request, origin, keyset.encode(true, keyOf.apply(page.getFirst())));
      }
    }
    return of(next, previous, page.stream().map(item).toList());
  }

  /** {@code {"next", "previous", "results"}}. */
  static Map<String, Object> of(String next, String previous, List<?> results) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("next", next);
    answer.put("previous", previous);
    answer.put("results", results);
    return answer;
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
}

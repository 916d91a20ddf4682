package io.crescendo.search.web;

import io.r2dbc.spi.Readable;
import java.util.ArrayList;
import java.util.List;

/**
 * A keyset order of a list (API-v1 §1.6): columns of one table alias with their directions and
 * value types, the last one unique so that pages never overlap or skip. Gives the {@code order by},
 * the condition "after the cursor" and the cursors of its rows.
 *
 * @param alias the table alias the columns belong to ({@code s} in {@code from search_study s})
 * @param keys the sort columns; their values are read from result columns of the same name
 */
record Keyset(String alias, List<Key> keys) {

  /**
   * A sort column.
   *
   * @param type the Java type of its values: {@code OffsetDateTime}, {@code LocalDate}, {@code
   *     UUID} or {@code Long}
   */
  record Key(String column, boolean descending, Class<?> type) {
    String signature() {
      return (descending ? "-" : "") + column;
    }
  }

  Keyset {
    keys = List.copyOf(keys);
  }

  static Key ascending(String column, Class<?> type) {
    return new Key(column, false, type);
  }

  static Key descending(String column, Class<?> type) {
    return new Key(column, true, type);
  }

  /** Identifies the order a cursor was made for. */
  String signature() {
    return String.join(",", keys.stream().map(Key::signature).toList());
  }

  List<Class<?>> types() {
    return keys.stream().<Class<?>>map(Key::type).toList();
  }

  /** {@code order by} of the page, reversed when reading backwards. */
  String orderBy(boolean reversed) {
    return String.join(
        ", ",
        keys.stream()
            .map(k -> alias + "." + k.column() + (k.descending() != reversed ? " desc" : " asc"))
            .toList());
  }

  /**
   * Rows strictly after (or, reversed, before) the key bound as {@code :k0}, {@code :k1}, …: a row
   * comparison when every column goes the same way (an index range), else the expanded form.
   */
  String keyCondition(boolean reversed) {
    boolean uniform = keys.stream().allMatch(k -> k.descending() == keys.getFirst().descending());
    if (uniform && keys.size() > 1) {
      List<String> columns = new ArrayList<>();
      List<String> values = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        columns.add(alias + "." + keys.get(i).column());
        values.add(":k" + i);
      }
      return "(("
          + String.join(", ", columns)
          + (keys.getFirst().descending() != reversed ? ") < (" : ") > (")
          + String.join(", ", values)
          + "))";
    }
    List<String> alternatives = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      StringBuilder alternative = new StringBuilder("(");
      for (int j = 0; j < i; j++) {
        alternative.append(alias).append('.').append(keys.get(j).column()).append(" = :k" + j);
        alternative.append(" and ");
      }
      Key key = keys.get(i);
      alternative
          .append(alias)
          .append('.')
          .append(key.column())
          .append(key.descending() != reversed ? " < :k" : " > :k")
          .append(i)
          .append(")");
      alternatives.add(alternative.toString());
    }
    return "(" + String.join(" or ", alternatives) + ")";
  }

  /** The cursor of a request: null for none or empty (the first page), 404 when undecodable. */
  Cursor decode(String token) {
    return Cursor.decode(token, signature(), types());
  }

  /** The token of a position: after (or, backwards, before) this key. */
  String encode(boolean backwards, List<Object> key) {
    return new Cursor(backwards, key).encode(signature());
  }

  /** The sort key of a result row. */
  List<Object> keyOf(Readable row) {
    return keys.stream().map(k -> (Object) row.get(k.column(), k.type())).toList();
  }
}

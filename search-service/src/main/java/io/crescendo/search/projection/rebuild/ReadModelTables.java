package io.crescendo.search.projection.rebuild;

import io.crescendo.search.projection.rebuild.RebuildReport.TableReport;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The read-model tables in the PostgreSQL catalog: finds them, copies their definitions into
 * another schema, compares contents, swaps schemas. Every statement runs in the caller's
 * transaction (the {@link JdbcClient} is on the service's {@code DataSource}).
 */
final class ReadModelTables {

  /** The consumer library's table: locked first, like every live transaction does. */
  static final String CONSUMED_EVENT = "consumed_event";

  private static final int MAX_VALUE_LENGTH = 80;

  private final JdbcClient jdbc;

  ReadModelTables(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The schema unqualified names resolve to: where Flyway created the read models. */
  String currentSchema() {
    return jdbc.sql("select current_schema()").query(String.class).single();
  }

  /** The session's search path, e.g. {@code "$user", public}. */
  String searchPath() {
    return jdbc.sql("select current_setting('search_path')").query(String.class).single();
  }

  /**
   * Every table of the schema but Flyway's history and tables of extensions, {@code consumed_event}
   * first, then by name.
   *
   * @throws RebuildException if a table cannot be copied faithfully (partitioned, with triggers or
   *     row-level security), or if {@code consumed_event} is missing
   */
  List<String> discover(String schema, String flywayTable) {
    List<String> tables =
        jdbc.sql(
                """
                select c.relname from pg_class c
                 where c.relnamespace = cast(:schema as regnamespace)
                   and c.relkind in ('r', 'p')
                   and c.relname <> :flyway
                   and not exists (select 1 from pg_depend d
                                    where d.classid = 'pg_class'::regclass and d.objid = c.oid
                                      and d.deptype = 'e')
                 order by c.relname <> :consumed, c.relname
                """)
            .param("schema", ident(schema))
            .param("flyway", flywayTable)
            .param("consumed", CONSUMED_EVENT)
            .query(String.class)
            .list();
    if (tables.isEmpty() || !tables.getFirst().equals(CONSUMED_EVENT)) {
      throw new RebuildException(
          "No "
              + CONSUMED_EVENT
              + " table in schema "
              + schema
              + ": nothing was ever consumed here");
    }
    for (String table : tables) {
      String unsupported =
          jdbc.sql(
                  """
                  select case
                    when c.relkind = 'p' then 'it is partitioned'
                    when c.relrowsecurity then 'it has row-level security'
                    when exists (select 1 from pg_trigger t where t.tgrelid = c.oid
                                  and not t.tgisinternal) then 'it has triggers'
                  end
                  from pg_class c where c.oid = cast(:table as regclass)
                  """)
              .param("table", qualified(schema, table))
              .query(String.class)
              .optional()
              .orElse(null);
      if (unsupported != null) {
        throw new RebuildException(
            "Cannot rebuild %s: %s, which the rebuild does not copy"
                .formatted(qualified(schema, table), unsupported));
      }
    }
    return tables;
  }

  /** Schemas whose names start with the prefix, e.g. left over by an interrupted rebuild. */
  List<String> schemasStartingWith(String prefix) {
    return jdbc.sql(
            "select nspname from pg_namespace where starts_with(nspname, :prefix) order by nspname")
        .param("prefix", prefix)
        .query(String.class)
        .list();
  }

  /**
   * Creates {@code target} holding an empty copy of every table: columns, defaults, check and
   * not-null constraints, identity and serial sequences, primary keys, unique and exclusion
   * constraints and indexes under their own names (so later migrations find them), foreign keys
   * pointing at the copies, privileges, comments and storage parameters.
   *
   * @param searchPath the session's search path: definitions are read under it (so that references
   *     to the live tables come out unqualified) and created with {@code target} in front of it
   */
  void copy(String live, String target, List<String> tables, String searchPath) {
    jdbc.sql("create schema " + ident(target)).update();
    jdbc.sql("set local search_path to " + searchPath).update();
    Map<String, List<String>> definitions = new LinkedHashMap<>();
    List<String> foreignKeys = new ArrayList<>();
    for (String table : tables) {
      definitions.put(table, definition(live, target, table));
      foreignKeys.addAll(foreignKeys(live, target, table));
    }
    jdbc.sql("set local search_path to " + ident(target) + ", " + searchPath).update();
    definitions.values().forEach(statements -> statements.forEach(this::execute));
    foreignKeys.forEach(this::execute);
  }

  /** The statements that create one table's copy, but its foreign keys. */
  private List<String> definition(String live, String target, String table) {
    String from = qualified(live, table);
    String to = qualified(target, table);
    List<String> statements = new ArrayList<>();
    // unlogged while the replay fills it (no WAL for every row), logged before it may serve
    statements.add(
        "create unlogged table %s (like %s including all excluding indexes)".formatted(to, from));
    // serial columns: LIKE copies the default, which still draws from the live table's sequence
    jdbc.sql(
            """
            select a.attname, s.relname from pg_depend d
              join pg_class s on s.oid = d.objid and s.relkind = 'S'
              join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
             where d.classid = 'pg_class'::regclass and d.refobjid = cast(:table as regclass)
               and d.deptype = 'a' and a.attidentity = ''
            """)
        .param("table", from)
        .query(
            (rs, n) -> {
              String column = rs.getString(1);
              String sequence = qualified(target, rs.getString(2));
              return List.of(
                  "create sequence %s owned by %s.%s".formatted(sequence, to, ident(column)),
                  "alter table %s alter column %s set default nextval('%s'::regclass)"
                      .formatted(to, ident(column), sequence.replace("'", "''")));
            })
        .list()
        .forEach(statements::addAll);
    // primary keys, unique and exclusion constraints, under their names
    jdbc.sql(
            """
            select conname, pg_get_constraintdef(oid) from pg_constraint
             where conrelid = cast(:table as regclass) and contype in ('p', 'u', 'x')
             order by contype <> 'p', conname
            """)
        .param("table", from)
        .query(
            (rs, n) ->
                "alter table %s add constraint %s %s"
                    .formatted(to, ident(rs.getString(1)), rs.getString(2)))
        .list()
        .forEach(statements::add);
    // the other indexes, under their names
    jdbc.sql(
            """
            select pg_get_indexdef(i.indexrelid) from pg_index i
             where i.indrelid = cast(:table as regclass)
               and not exists (select 1 from pg_constraint c
                                where c.conindid = i.indexrelid and c.conrelid = i.indrelid
                                  and c.contype in ('p', 'u', 'x'))
             order by i.indexrelid
            """)
        .param("table", from)
        .query(String.class)
        .list()
        .forEach(index -> statements.add(retarget(index, live, target, table)));
    // privileges of other roles
    jdbc.sql(
            """
            select case when a.grantee = 0 then 'public' else quote_ident(r.rolname) end,
                   a.privilege_type, a.is_grantable
              from pg_class c cross join lateral aclexplode(c.relacl) a
              left join pg_roles r on r.oid = a.grantee
             where c.oid = cast(:table as regclass) and a.grantee <> c.relowner
            """)
        .param("table", from)
        .query(
            (rs, n) ->
                "grant %s on table %s to %s%s"
                    .formatted(
                        rs.getString(2),
                        to,
                        rs.getString(1),
                        rs.getBoolean(3) ? " with grant option" : ""))
        .list()
        .forEach(statements::add);
    // comment and storage parameters (fillfactor, autovacuum_*)
    jdbc.sql(
            """
            select obj_description(c.oid, 'pg_class'), array_to_string(c.reloptions, ', ')
              from pg_class c where c.oid = cast(:table as regclass)
            """)
        .param("table", from)
        .query(
            (rs, n) -> {
              List<String> extra = new ArrayList<>();
              if (rs.getString(1) != null) {
                extra.add("comment on table %s is %s".formatted(to, literal(rs.getString(1))));
              }
              if (rs.getString(2) != null && !rs.getString(2).isEmpty()) {
                extra.add("alter table %s set (%s)".formatted(to, rs.getString(2)));
              }
              return extra;
            })
        .single()
        .forEach(statements::add);
    return statements;
  }

  /**
   * The table's foreign keys, read under the session's search path: a reference to a live table
   * comes out unqualified and so resolves to its copy once {@code target} leads the search path.
   */
  private List<String> foreignKeys(String live, String target, String table) {
    return jdbc.sql(
            """
            select conname, pg_get_constraintdef(oid) from pg_constraint
             where conrelid = cast(:table as regclass) and contype = 'f'
             order by conname
            """)
        .param("table", qualified(live, table))
        .query(
            (rs, n) ->
                "alter table %s add constraint %s %s"
                    .formatted(qualified(target, table), ident(rs.getString(1)), rs.getString(2)))
        .list();
  }

  /** An index definition of a live table, on the same-named table of the target schema. */
  private static String retarget(String indexDefinition, String live, String target, String table) {
    for (String on : List.of(" ON ONLY ", " ON ")) {
      for (String name : List.of(qualified(live, table), live + "." + table, ident(table))) {
        String pattern = on + name + " ";
        int at = indexDefinition.indexOf(pattern);
        if (at >= 0) {
          return indexDefinition.substring(0, at)
              + on
              + qualified(target, table)
              + " "
              + indexDefinition.substring(at + pattern.length());
        }
      }
    }
    throw new RebuildException("Cannot tell the table in index definition: " + indexDefinition);
  }

  /**
   * Makes the copies crash-safe and replicated (they were created unlogged): {@code alter table ...
   * set logged} writes each table to the WAL once, which is cheaper than a WAL record for every row
   * the replay wrote. Tables that others reference first (a logged table cannot reference an
   * unlogged one).
   */
  void setLogged(String schema, List<String> tables) {
    Map<String, Set<String>> references = new LinkedHashMap<>();
    tables.forEach(t -> references.put(t, new HashSet<>()));
    jdbc.sql(
            """
            select c.relname, r.relname from pg_constraint k
              join pg_class c on c.oid = k.conrelid
              join pg_class r on r.oid = k.confrelid
             where k.contype = 'f' and c.relnamespace = cast(:schema as regnamespace)
               and r.relnamespace = c.relnamespace and r.oid <> c.oid
            """)
        .param("schema", ident(schema))
        .query(
            (rs, n) -> {
              Set<String> referenced = references.get(rs.getString(1));
              if (referenced != null && references.containsKey(rs.getString(2))) {
                referenced.add(rs.getString(2));
              }
              return null;
            })
        .list();
    Set<String> done = new LinkedHashSet<>();
    while (done.size() < references.size()) {
      int before = done.size();
      for (var table : references.entrySet()) {
        if (!done.contains(table.getKey()) && done.containsAll(table.getValue())) {
          jdbc.sql("alter table " + qualified(schema, table.getKey()) + " set logged").update();
          done.add(table.getKey());
        }
      }
      if (done.size() == before) {
        throw new RebuildException("Foreign keys in a cycle between " + references.keySet());
      }
    }
  }

  /** Planner statistics for the copies, so that they serve well from the first query. */
  void analyze(String schema, List<String> tables) {
    for (String table : tables) {
      jdbc.sql("analyze " + qualified(schema, table)).update();
    }
  }

  long count(String schema, String table) {
    return jdbc.sql("select count(*) from " + qualified(schema, table)).query(Long.class).single();
  }

  /**
   * Compares a table's rows in both schemas as multisets ({@code except all} both ways), each value
   * as text, leaving out the ignored columns.
   */
  TableReport compare(
      String live, String rebuilt, String table, Set<String> ignoredColumns, int sampleRows) {
    List<String> columns =
        jdbc
            .sql(
                """
                select attname from pg_attribute
                 where attrelid = cast(:table as regclass) and attnum > 0 and not attisdropped
                 order by attnum
                """)
            .param("table", qualified(live, table))
            .query(String.class)
            .list()
            .stream()
            .filter(c -> !ignoredColumns.contains(c))
            .toList();
    String values =
        columns.stream()
            .map(c -> ident(c) + "::text as " + ident(c))
            .collect(Collectors.joining(", "));
    String onlyLive =
        "select %s from %s except all select %s from %s"
            .formatted(values, qualified(live, table), values, qualified(rebuilt, table));
    String onlyRebuilt =
        "select %s from %s except all select %s from %s"
            .formatted(values, qualified(rebuilt, table), values, qualified(live, table));
    long onlyLiveCount = countOf(onlyLive);
    long onlyRebuiltCount = countOf(onlyRebuilt);
    return new TableReport(
        table,
        count(live, table),
        count(rebuilt, table),
        onlyLiveCount,
        onlyRebuiltCount,
        onlyLiveCount == 0 ? List.of() : sample(onlyLive, sampleRows),
        onlyRebuiltCount == 0 ? List.of() : sample(onlyRebuilt, sampleRows),
        ignoredColumns.stream().filter(columnsOf(live, table)::contains).sorted().toList());
  }

  private Set<String> columnsOf(String schema, String table) {
    return Set.copyOf(
        jdbc.sql(
                """
                select attname from pg_attribute
                 where attrelid = cast(:table as regclass) and attnum > 0 and not attisdropped
                """)
            .param("table", qualified(schema, table))
            .query(String.class)
            .list());
  }

  private long countOf(String query) {
    return jdbc.sql("select count(*) from (" + query + ") d").query(Long.class).single();
  }

  private List<String> sample(String query, int rows) {
    if (rows <= 0) {
      return List.of();
    }
    return jdbc.sql(query + " order by 1 limit " + rows).query((rs, n) -> describe(rs)).list();
  }

  private static String describe(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    List<String> values = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      String value = rs.getString(i);
      if (value != null && value.length() > MAX_VALUE_LENGTH) {
        value = value.substring(0, MAX_VALUE_LENGTH) + "…";
      }
      values.add(meta.getColumnLabel(i) + "=" + value);
    }
    return String.join(", ", values);
  }

  /** A view of another table's rows that must follow the tables to their new schema. */
  record View(String qualifiedName, String options, String query) {}

  /**
   * Plain views anywhere that read a live table, with their queries as the session's search path
   * prints them (live tables unqualified). A view is bound to the table itself, not to its name:
   * left alone it would follow the table into the retired schema (and be dropped with it).
   *
   * @throws RebuildException for a materialized view, which would have to be refreshed
   */
  List<View> dependentViews(String live, List<String> tables) {
    String[] names = tables.stream().map(t -> qualified(live, t)).toArray(String[]::new);
    List<String> materialized =
        jdbc.sql(
                """
                select distinct format('%I.%I', n.nspname, v.relname)
                  from pg_depend d
                  join pg_rewrite w on w.oid = d.objid and d.classid = 'pg_rewrite'::regclass
                  join pg_class v on v.oid = w.ev_class
                  join pg_namespace n on n.oid = v.relnamespace
                 where d.refclassid = 'pg_class'::regclass
                   and d.refobjid = any (cast(:tables as regclass[]))
                   and v.oid <> d.refobjid and v.relkind = 'm'
                """)
            .param("tables", names)
            .query(String.class)
            .list();
    if (!materialized.isEmpty()) {
      throw new RebuildException(
          "Materialized views read the read models; the rebuild does not handle them: "
              + materialized);
    }
    return jdbc.sql(
            """
            select distinct format('%I.%I', n.nspname, v.relname),
                   array_to_string(v.reloptions, ', '), pg_get_viewdef(v.oid), v.oid
              from pg_depend d
              join pg_rewrite w on w.oid = d.objid and d.classid = 'pg_rewrite'::regclass
              join pg_class v on v.oid = w.ev_class
              join pg_namespace n on n.oid = v.relnamespace
             where d.refclassid = 'pg_class'::regclass
               and d.refobjid = any (cast(:tables as regclass[]))
               and v.oid <> d.refobjid and v.relkind = 'v'
             order by v.oid
            """)
        .param("tables", names)
        .query((rs, n) -> new View(rs.getString(1), rs.getString(2), rs.getString(3)))
        .list();
  }

  /**
   * Blocks every live writer, {@code consumed_event} first as every consumer transaction claims
   * there first: writers wait, readers go on.
   */
  void lockForSwitch(String live, List<String> tables) {
    jdbc.sql(
            "lock table "
                + tables.stream().map(t -> qualified(live, t)).collect(Collectors.joining(", "))
                + " in exclusive mode")
        .update();
  }

  /**
   * Moves the live tables into {@code retired} and the rebuilt ones into the live schema, then
   * points the dependent views at the new tables. All in the caller's transaction.
   */
  void swap(
      String live,
      String rebuilt,
      String retired,
      List<String> tables,
      List<View> views,
      String searchPath) {
    jdbc.sql("create schema " + ident(retired)).update();
    for (String table : tables) {
      jdbc.sql("alter table %s set schema %s".formatted(qualified(live, table), ident(retired)))
          .update();
    }
    for (String table : tables) {
      jdbc.sql("alter table %s set schema %s".formatted(qualified(rebuilt, table), ident(live)))
          .update();
    }
    jdbc.sql("set local search_path to " + searchPath).update();
    for (View view : views) {
      String options =
          view.options() == null || view.options().isEmpty()
              ? ""
              : " with (" + view.options() + ")";
      jdbc.sql(
              "create or replace view %s%s as %s"
                  .formatted(view.qualifiedName(), options, query(view)))
          .update();
    }
  }

  private static String query(View view) {
    String query = view.query().strip();
    return query.endsWith(";") ? query.substring(0, query.length() - 1) : query;
  }

  /** Drops the tables (restrict: nothing else may depend on them) and then the empty schema. */
  void dropTablesAndSchema(String schema, List<String> tables) {
    if (!tables.isEmpty()) {
      jdbc.sql(
              "drop table if exists "
                  + tables.stream()
                      .map(t -> qualified(schema, t))
                      .collect(Collectors.joining(", ")))
          .update();
    }
    jdbc.sql("drop schema if exists " + ident(schema)).update();
  }

  /** Drops a schema the rebuild created, with everything in it. */
  void dropSchemaCascade(String schema) {
    jdbc.sql("drop schema if exists " + ident(schema) + " cascade").update();
  }

  void setLockTimeout(long millis) {
    jdbc.sql("set local lock_timeout = " + millis).update();
  }

  void setSearchPath(String path) {
    jdbc.sql("set local search_path to " + path).update();
  }

  private void execute(String statement) {
    jdbc.sql(statement).update();
  }

  static String qualified(String schema, String table) {
    return ident(schema) + "." + ident(table);
  }

  static String ident(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}

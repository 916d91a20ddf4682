package io.crescendo.search.web;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import java.util.Map;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The settings of the reads' R2DBC connections (startup options of each connection).
 *
 * <p>{@code plan_cache_mode = force_custom_plan}: every statement is planned with its values. R2DBC
 * PostgreSQL keeps its statements prepared on each connection, and after five executions PostgreSQL
 * may switch a prepared statement to a generic plan, made without the values. For the study list
 * that plan is "walk the creation-time index and filter": fine for a common keyword, but every row
 * for a rare one (hundreds of milliseconds at a million studies), and once chosen it stays for that
 * statement on that connection. Planning each time costs 0.2–0.3 ms here ({@code
 * StudySearchPlanTest}).
 *
 * <p>{@code max_parallel_workers_per_gather = 0}: no parallel query. The reads are many small
 * concurrent statements; a parallel plan starts two more processes per statement, and each worker
 * fills its queue before the leader's {@code limit} stops it. At a million studies the keyword
 * {@code 자바} with a category took 21 ms as a parallel walk of the creation-time index (each worker
 * computing {@code search_grams} for thousands of rows) against 0.9 ms as a plain one, and with
 * eight callers on two cores its p99 reached 114 ms (docs/search.md, performance at scale).
 */
@Configuration(proxyBeanMethods = false)
class ReadConnections {

  static final Map<String, String> OPTIONS =
      Map.of("plan_cache_mode", "force_custom_plan", "max_parallel_workers_per_gather", "0");

  @Bean
  ConnectionFactoryOptionsBuilderCustomizer readConnectionOptions() {
    return options -> options.option(PostgresqlConnectionFactoryProvider.OPTIONS, OPTIONS);
  }
}

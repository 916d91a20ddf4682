package io.crescendo.search.web;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import java.util.Map;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The reads' R2DBC connections plan every statement with its values ({@code plan_cache_mode =
 * force_custom_plan}, a startup option of each connection).
 *
 * <p>R2DBC PostgreSQL keeps its statements prepared on each connection, and after five executions
 * PostgreSQL may switch a prepared statement to a generic plan, made without the values. For the
 * study list that plan is "walk the creation-time index and filter": fine for a common keyword, but
 * every row for a rare one (hundreds of milliseconds at a million studies), and once chosen it
 * stays for that statement on that connection. Planning each time costs well under a millisecond
 * here ({@code StudySearchPlanTest}).
 */
@Configuration(proxyBeanMethods = false)
class CustomPlans {

  @Bean
  ConnectionFactoryOptionsBuilderCustomizer forceCustomPlans() {
    return options ->
        options.option(
            PostgresqlConnectionFactoryProvider.OPTIONS,
            Map.of("plan_cache_mode", "force_custom_plan"));
  }
}

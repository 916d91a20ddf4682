package io.crescendo.search.infra;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The JDBC side of search-service: Flyway and the event consumers write through it. With R2DBC on
 * the classpath Spring Boot creates no JDBC {@code DataSource}, so it is declared here from {@code
 * spring.datasource.*}.
 */
@Configuration(proxyBeanMethods = false)
class JdbcConfiguration {

  @Bean
  @Primary
  @ConfigurationProperties("spring.datasource")
  DataSourceProperties dataSourceProperties() {
    return new DataSourceProperties();
  }

  @Bean
  @Primary
  @ConfigurationProperties("spring.datasource.hikari")
  HikariDataSource dataSource(DataSourceProperties properties) {
    return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
  }
}

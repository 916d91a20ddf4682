package io.crescendo.identity.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.reactive.UrlHandlerFilter;

/**
 * Every route answers with and without its final slash, without a redirect (API-v1 §1.1): the slash
 * is dropped before routing, and controllers map the bare paths.
 */
@Configuration(proxyBeanMethods = false)
class TrailingSlashConfiguration {

  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  UrlHandlerFilter trailingSlashFilter() {
    return UrlHandlerFilter.trailingSlashHandler("/api/**").mutateRequest().build();
  }
}

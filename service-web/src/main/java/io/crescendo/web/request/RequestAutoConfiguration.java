package io.crescendo.web.request;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.reactive.UrlHandlerFilter;
import tools.jackson.databind.json.JsonMapper;

/** How requests are read: {@link RequestFields}, and paths with or without their final slash. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class RequestAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public RequestFields requestFields(JsonMapper json) {
    return new RequestFields(json);
  }

  /**
   * Every route answers with and without its final slash, without a redirect (API-v1 §1.1): the
   * slash is dropped before routing and security, and controllers map the bare paths.
   */
  @Bean
  @ConditionalOnMissingBean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  public UrlHandlerFilter trailingSlashFilter() {
    return UrlHandlerFilter.trailingSlashHandler("/api/**").mutateRequest().build();
  }
}

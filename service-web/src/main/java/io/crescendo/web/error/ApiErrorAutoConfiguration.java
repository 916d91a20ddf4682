package io.crescendo.web.error;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/** The JSON error bodies of API-v1 §1.4 for every failure, with the service's own mappers. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ApiErrorAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public ApiErrorHandler apiErrorHandler(JsonMapper json, ObjectProvider<ApiErrorMapper> mappers) {
    return new ApiErrorHandler(json, mappers.orderedStream().toList());
  }
}

package io.crescendo.web.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Lets controllers declare a {@link CurrentUser} or {@code Optional<CurrentUser>} parameter. No
 * web-application condition: the configurer is inert without WebFlux, and a plain
 * {@code @EnableWebFlux} context (a security slice test) can import this class for the resolver.
 */
@AutoConfiguration
public class CurrentUserAutoConfiguration {

  @Bean
  public WebFluxConfigurer currentUserArgumentResolverConfigurer() {
    return new WebFluxConfigurer() {
      @Override
      public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new CurrentUserArgumentResolver());
      }
    };
  }
}

package io.crescendo.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.web.error.ApiErrorAutoConfiguration;
import io.crescendo.web.error.ApiErrorHandler;
import io.crescendo.web.request.RequestAutoConfiguration;
import io.crescendo.web.request.RequestFields;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/** What service-web configures, and when it steps back. */
class ResourceServerAutoConfigurationTest {

  private final ReactiveWebApplicationContextRunner runner =
      new ReactiveWebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  JacksonAutoConfiguration.class,
                  ReactiveWebSecurityAutoConfiguration.class,
                  ReactiveOAuth2ResourceServerAutoConfiguration.class,
                  ApiErrorAutoConfiguration.class,
                  RequestAutoConfiguration.class,
                  CurrentUserAutoConfiguration.class,
                  ResourceServerAutoConfiguration.class));

  @Test
  void withoutAJwksUriOnlyTheWebConventionsApply() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(ApiErrorHandler.class);
          assertThat(context).hasSingleBean(RequestFields.class);
          assertThat(context).hasBean("currentUserArgumentResolverConfigurer");
          assertThat(context).doesNotHaveBean(ReactiveJwtDecoder.class);
          assertThat(context).doesNotHaveBean("resourceServerSecurityWebFilterChain");
        });
  }

  @Test
  void aJwksUriBringsTheDecoderAndTheDefaultChain() {
    runner
        .withPropertyValues(
            "crescendo.security.jwks-uri=http://127.0.0.1:1/.well-known/jwks.json",
            "crescendo.security.issuer=https://api.crescendo.test")
        .run(
            context -> {
              assertThat(context).hasSingleBean(ReactiveJwtDecoder.class);
              assertThat(context).hasSingleBean(SecurityWebFilterChain.class);
              assertThat(context).hasBean("resourceServerSecurityWebFilterChain");
              AccessTokenProperties properties = context.getBean(AccessTokenProperties.class);
              assertThat(properties.audience()).isEqualTo("crescendo-api");
              assertThat(properties.clockSkew()).hasSeconds(30);
              assertThat(properties.jwks()).isEqualTo(AccessTokenProperties.Jwks.defaults());
              assertThat(properties.jwks().cacheTtl()).hasMinutes(5);
            });
  }

  @Test
  void theJwksFetchingCanBeTuned() {
    runner
        .withPropertyValues(
            "crescendo.security.jwks-uri=http://127.0.0.1:1/.well-known/jwks.json",
            "crescendo.security.issuer=https://api.crescendo.test",
            "crescendo.security.jwks.cache-ttl=PT10M",
            "crescendo.security.jwks.refetch-min-interval=PT1M",
            "crescendo.security.jwks.read-timeout=PT3S")
        .run(
            context -> {
              AccessTokenProperties.Jwks jwks = context.getBean(AccessTokenProperties.class).jwks();
              assertThat(jwks.cacheTtl()).hasMinutes(10);
              assertThat(jwks.refetchMinInterval()).hasMinutes(1);
              assertThat(jwks.connectTimeout()).hasSeconds(1);
              assertThat(jwks.readTimeout()).hasSeconds(3);
            });
  }

  @Test
  void aServiceWithItsOwnChainKeepsIt() {
    runner
        .withPropertyValues(
            "crescendo.security.jwks-uri=http://127.0.0.1:1/.well-known/jwks.json",
            "crescendo.security.issuer=https://api.crescendo.test")
        .withUserConfiguration(OwnChain.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(SecurityWebFilterChain.class);
              assertThat(context).hasBean("ownChain");
              assertThat(context).hasSingleBean(ReactiveJwtDecoder.class);
            });
  }

  @Test
  void theRefetchIntervalMustBeShorterThanTheCacheTtl() {
    runner
        .withPropertyValues(
            "crescendo.security.jwks-uri=http://127.0.0.1:1/.well-known/jwks.json",
            "crescendo.security.issuer=https://api.crescendo.test",
            "crescendo.security.jwks.refetch-min-interval=PT5M")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("crescendo.security.jwks.refetch-min-interval"));
  }

  @Test
  void theIssuerMustBeSet() {
    runner
        .withPropertyValues("crescendo.security.jwks-uri=http://127.0.0.1:1/.well-known/jwks.json")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("crescendo.security.issuer"));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnChain {

    @Bean
    SecurityWebFilterChain ownChain(ServerHttpSecurity http) {
      return http.build();
    }
  }
}

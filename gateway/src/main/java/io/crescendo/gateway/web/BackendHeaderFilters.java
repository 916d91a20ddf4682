package io.crescendo.gateway.web;

import java.util.Locale;
import java.util.function.Predicate;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Header hygiene between clients and services.
 *
 * <ul>
 *   <li>Requests: identity headers sent by clients ({@code X-User-*}, {@code X-Auth-*}) never reach
 *       a service. The {@code Authorization} header does; services verify it themselves.
 *   <li>Responses: services' own {@code Access-Control-*} headers are dropped; CORS is the
 *       gateway's job ({@link CorsConfiguration}).
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class BackendHeaderFilters {

  @Bean
  HttpHeadersFilter inboundIdentityHeadersFilter() {
    return new PrefixHeadersFilter(
        HttpHeadersFilter.Type.REQUEST,
        name -> name.startsWith("x-user-") || name.startsWith("x-auth-"));
  }

  @Bean
  HttpHeadersFilter backendCorsHeadersFilter() {
    return new PrefixHeadersFilter(
        HttpHeadersFilter.Type.RESPONSE, name -> name.startsWith("access-control-"));
  }

  /** Removes the headers whose lower-case name matches. */
  record PrefixHeadersFilter(Type type, Predicate<String> removed) implements HttpHeadersFilter {

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
      HttpHeaders kept = new HttpHeaders();
      input.forEach(
          (name, values) -> {
            if (!removed.test(name.toLowerCase(Locale.ROOT))) {
              kept.addAll(name, values);
            }
          });
      return kept;
    }

    @Override
    public boolean supports(Type type) {
      return this.type == type;
    }
  }
}

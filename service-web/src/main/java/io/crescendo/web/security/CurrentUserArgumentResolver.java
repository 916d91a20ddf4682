package io.crescendo.web.security;

import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Resolves {@link CurrentUser} and {@code Optional<CurrentUser>} controller parameters. For an
 * anonymous caller the first raises an {@link AccessDeniedException}, which Spring Security's
 * exception translation answers with 401 (missing credentials); the second is empty.
 */
public class CurrentUserArgumentResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return CurrentUser.class.equals(parameter.getParameterType()) || isOptionalCaller(parameter);
  }

  @Override
  public Mono<Object> resolveArgument(
      MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
    Mono<CurrentUser> caller =
        ReactiveSecurityContextHolder.getContext()
            .mapNotNull(SecurityContext::getAuthentication)
            .filter(Authentication::isAuthenticated)
            .filter(JwtAuthenticationToken.class::isInstance)
            .map(auth -> CurrentUser.of(((JwtAuthenticationToken) auth).getToken()));
    if (isOptionalCaller(parameter)) {
      return caller.<Object>map(Optional::of).defaultIfEmpty(Optional.empty());
    }
    return caller
        .<Object>map(user -> user)
        .switchIfEmpty(Mono.error(() -> new AccessDeniedException("Not authenticated")));
  }

  private static boolean isOptionalCaller(MethodParameter parameter) {
    return Optional.class.equals(parameter.getParameterType())
        && CurrentUser.class.equals(parameter.nestedIfOptional().getNestedParameterType());
  }
}

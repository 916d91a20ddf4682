package io.crescendo.web.error;

import java.util.Optional;

/**
 * Turns a service's own exceptions into error answers. Contribute one as a bean; {@link
 * ApiErrorHandler} asks every mapper (in {@code @Order}) before it applies the generic mappings, so
 * a service decides how its domain failures look without touching the shared handler.
 */
@FunctionalInterface
public interface ApiErrorMapper {

  /** The answer for this failure, or empty if this mapper does not know it. */
  Optional<ApiError> map(Throwable error);
}

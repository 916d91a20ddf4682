package io.crescendo.assignment.web;

import io.crescendo.assignment.api.AccessRefused;
import io.crescendo.assignment.api.NotInThisStudy;
import io.crescendo.assignment.api.ValidationFailed;
import io.crescendo.web.error.ApiError;
import io.crescendo.web.error.ApiErrorMapper;
import java.util.Optional;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The answers to assignment-service's own failures (API-v1 §1.4, §5.7, §5.8). */
@Component
class AssignmentApiErrors implements ApiErrorMapper {

  @Override
  public Optional<ApiError> map(Throwable error) {
    return Optional.ofNullable(
        switch (error) {
          // field errors, or non_field_errors for a duplicate or a study not started yet
          case ValidationFailed e -> ApiError.fields(e.errors());
          case AccessRefused e -> ApiError.detail(HttpStatus.FORBIDDEN, e.getMessage());
          case NotInThisStudy e -> ApiError.detail(HttpStatus.NOT_FOUND, e.getMessage());
          // a deleted assignment's or submission's aggregate (AggregateDeletedException) included
          case AggregateNotFoundException e -> ApiError.detail(HttpStatus.NOT_FOUND, "Not found.");
          default -> null;
        });
  }
}

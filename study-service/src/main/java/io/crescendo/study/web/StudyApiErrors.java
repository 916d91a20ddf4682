package io.crescendo.study.web;

import io.crescendo.study.api.JoinRequestAlreadyDecided;
import io.crescendo.study.api.JoinRequestNotFound;
import io.crescendo.study.api.LeaderCannotBeRemoved;
import io.crescendo.study.api.MembershipNotFound;
import io.crescendo.study.api.NotTheLeader;
import io.crescendo.study.api.StudyGroupIsFull;
import io.crescendo.study.api.ValidationFailed;
import io.crescendo.study.image.ImageTooLarge;
import io.crescendo.study.users.UnknownUser;
import io.crescendo.study.users.UserNotKnownYet;
import io.crescendo.web.error.ApiError;
import io.crescendo.web.error.ApiErrorMapper;
import java.time.Duration;
import java.util.Optional;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The answers to study-service's own failures (API-v1 §1.4, §2.1, §5.3, §5.5, §5.6). */
@Component
class StudyApiErrors implements ApiErrorMapper {

  @Override
  public Optional<ApiError> map(Throwable error) {
    return Optional.ofNullable(
        switch (error) {
          // field errors, or non_field_errors for the dates and the study's state
          case ValidationFailed e -> ApiError.fields(e.errors());
          case NotTheLeader e -> ApiError.detail(HttpStatus.FORBIDDEN, e.getMessage());
          case JoinRequestNotFound e -> ApiError.detail(HttpStatus.NOT_FOUND, e.getMessage());
          case MembershipNotFound e -> ApiError.detail(HttpStatus.NOT_FOUND, e.getMessage());
          // rule violations of body-less requests: 400 {"detail"} (API-v1 §1.4, §8)
          case JoinRequestAlreadyDecided e ->
              ApiError.detail(HttpStatus.BAD_REQUEST, e.getMessage());
          case StudyGroupIsFull e -> ApiError.detail(HttpStatus.BAD_REQUEST, e.getMessage());
          case LeaderCannotBeRemoved e -> ApiError.detail(HttpStatus.BAD_REQUEST, e.getMessage());
          case ImageTooLarge e -> ApiError.detail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
          case UnknownUser e ->
              ApiError.coded(HttpStatus.UNAUTHORIZED, e.getMessage(), "user_not_found");
          // the user feed is behind: the frontend retries a 503, a 401 would log the user out
          case UserNotKnownYet e -> ApiError.unavailable(Duration.ofSeconds(1));
          // a deleted study's aggregate (AggregateDeletedException) included
          case AggregateNotFoundException e -> ApiError.detail(HttpStatus.NOT_FOUND, "Not found.");
          default -> null;
        });
  }
}

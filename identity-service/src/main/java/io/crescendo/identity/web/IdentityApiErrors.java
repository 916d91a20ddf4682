package io.crescendo.identity.web;

import io.crescendo.identity.api.EmailAlreadyRegistered;
import io.crescendo.identity.api.InvalidUsername;
import io.crescendo.identity.infra.google.InvalidGoogleCredentialException;
import io.crescendo.identity.infra.token.InvalidRefreshTokenException;
import io.crescendo.web.error.ApiError;
import io.crescendo.web.error.ApiErrorMapper;
import java.util.Optional;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The answers to identity-service's own failures (API-v1 §1.4, §5.1, §5.2). */
@Component
class IdentityApiErrors implements ApiErrorMapper {

  private static final String TOKEN_NOT_VALID = "token_not_valid";

  @Override
  public Optional<ApiError> map(Throwable error) {
    return Optional.ofNullable(
        switch (error) {
          case EmailAlreadyRegistered e -> ApiError.field("email", "already registered");
          case InvalidUsername e -> ApiError.field("username", e.getMessage());
          case InvalidRefreshTokenException e ->
              ApiError.coded(
                  HttpStatus.UNAUTHORIZED, "Token is invalid or expired", TOKEN_NOT_VALID);
          case InvalidGoogleCredentialException e ->
              ApiError.coded(
                  HttpStatus.UNAUTHORIZED, "Google credential rejected", TOKEN_NOT_VALID);
          case InvalidCredentials e -> ApiError.detail(HttpStatus.UNAUTHORIZED, e.getMessage());
          // a deleted account's aggregate (AggregateDeletedException) included
          case AggregateNotFoundException e -> ApiError.detail(HttpStatus.NOT_FOUND, "Not found.");
          default -> null;
        });
  }
}

package io.crescendo.identity.web;

import io.crescendo.events.axon.command.ReactiveCommandGateway;
import io.crescendo.identity.api.ChangeUsername;
import io.crescendo.identity.api.DeleteUser;
import io.crescendo.identity.api.Usernames;
import io.crescendo.identity.infra.token.TokenService;
import io.crescendo.identity.projection.UserAccounts;
import io.crescendo.web.request.RequestFields;
import io.crescendo.web.security.CurrentUser;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Profiles (API-v1 §5.2.1–5.2.3, §5.2.5); {@code me/studies} belongs to search-service. */
@RestController
@RequestMapping("/api/v1/auth/profiles")
class ProfileController {

  private final RequestFields requests;
  private final ReactiveCommandGateway commands;
  private final UserAccounts accounts;
  private final TokenService tokens;

  ProfileController(
      RequestFields requests,
      ReactiveCommandGateway commands,
      UserAccounts accounts,
      TokenService tokens) {
    this.requests = requests;
    this.commands = commands;
    this.accounts = accounts;
    this.tokens = tokens;
  }

  @GetMapping("/me")
  Mono<ProfileView> me(CurrentUser caller) {
    return profileOf(caller.id());
  }

  @PutMapping("/me")
  @RequestBody(content = @Content(schema = @Schema(implementation = RequestSchemas.Username.class)))
  Mono<ProfileView> rename(CurrentUser caller, ServerWebExchange exchange) {
    UUID userId = caller.id();
    return requests
        .read(exchange)
        .flatMap(
            fields -> {
              String username = fields.requiredString("username", Usernames.MAX_LENGTH);
              fields.validate();
              return commands.send(new ChangeUsername(userId, username));
            })
        .then(Mono.defer(() -> profileOf(userId)));
  }

  @DeleteMapping("/me")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(CurrentUser caller) {
    UUID userId = caller.id();
    return commands.send(new DeleteUser(userId)).then(tokens.revokeAll(userId));
  }

  @GetMapping("/{userId}")
  Mono<ProfileView> profile(@PathVariable String userId) {
    UUID id;
    try {
      id = UUID.fromString(userId);
    } catch (IllegalArgumentException e) {
      return Mono.error(notFound());
    }
    return profileOf(id);
  }

  private Mono<ProfileView> profileOf(UUID userId) {
    return accounts.findById(userId).map(ProfileView::of).switchIfEmpty(Mono.error(notFound()));
  }

  private static ResponseStatusException notFound() {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "Not found.");
  }
}

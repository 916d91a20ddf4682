package io.crescendo.identity.web;

import io.crescendo.events.axon.command.ReactiveCommandGateway;
import io.crescendo.identity.api.EmailAlreadyRegistered;
import io.crescendo.identity.api.RegisterUser;
import io.crescendo.identity.api.Usernames;
import io.crescendo.identity.infra.google.GoogleIdTokenVerifier;
import io.crescendo.identity.infra.google.GoogleIdentity;
import io.crescendo.identity.infra.password.PasswordHasher;
import io.crescendo.identity.infra.password.PasswordPolicy;
import io.crescendo.identity.infra.token.TokenPair;
import io.crescendo.identity.infra.token.TokenService;
import io.crescendo.identity.projection.UserAccounts;
import io.crescendo.web.request.RequestFields;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Sign-up, logins, token refresh and logout (API-v1 §5.1, §9). These endpoints ignore any
 * Authorization header: the frontend sends its stale access token along.
 */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

  static final int EMAIL_MAX_LENGTH = 80;
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");

  private final RequestFields requests;
  private final ReactiveCommandGateway commands;
  private final UserAccounts accounts;
  private final PasswordPolicy passwordPolicy;
  private final PasswordHasher passwords;
  private final TokenService tokens;
  private final GoogleIdTokenVerifier google;

  AuthController(
      RequestFields requests,
      ReactiveCommandGateway commands,
      UserAccounts accounts,
      PasswordPolicy passwordPolicy,
      PasswordHasher passwords,
      TokenService tokens,
      GoogleIdTokenVerifier google) {
    this.requests = requests;
    this.commands = commands;
    this.accounts = accounts;
    this.passwordPolicy = passwordPolicy;
    this.passwords = passwords;
    this.tokens = tokens;
    this.google = google;
  }

  @PostMapping("/signup")
  @RequestBody(content = @Content(schema = @Schema(implementation = RequestSchemas.SignUp.class)))
  @ResponseStatus(HttpStatus.CREATED)
  Mono<TokenPair> signUp(ServerWebExchange exchange) {
    return requests
        .read(exchange)
        .flatMap(
            fields -> {
              String email = fields.requiredString("email", EMAIL_MAX_LENGTH);
              if (email != null && !EMAIL.matcher(email.strip()).matches()) {
                fields.reject("email", "Enter a valid email address.");
              }
              String password = fields.requiredString("password", PasswordPolicy.MAX_LENGTH);
              if (password != null) {
                passwordPolicy.problems(password).forEach(p -> fields.reject("password", p));
              }
              String username = fields.optionalString("username", Usernames.MAX_LENGTH);
              fields.validate();
              String name = username != null ? username.strip() : defaultUsername(email);
              UUID userId = UUID.randomUUID();
              return accounts
                  .findByEmail(email)
                  .flatMap(existing -> Mono.<String>error(new EmailAlreadyRegistered(email)))
                  .switchIfEmpty(passwords.hash(password))
                  .flatMap(hash -> commands.send(new RegisterUser(userId, email, name, hash)))
                  .then(tokens.issueFor(userId));
            });
  }

  @PostMapping("/login")
  @RequestBody(content = @Content(schema = @Schema(implementation = RequestSchemas.Login.class)))
  Mono<TokenPair> login(ServerWebExchange exchange) {
    return requests
        .read(exchange)
        .flatMap(
            fields -> {
              String email = fields.requiredString("email", 320);
              String password = fields.requiredString("password", 4096);
              fields.validate();
              return accounts
                  .findByEmail(email)
                  .flatMap(
                      account ->
                          passwords
                              .matches(password, account.passwordHash())
                              .filter(Boolean::booleanValue)
                              .map(ok -> account.userId()))
                  // Unknown e-mail: spend the same hashing time before refusing.
                  .switchIfEmpty(passwords.matches(password, null).then(Mono.empty()))
                  .switchIfEmpty(Mono.error(new InvalidCredentials()))
                  .flatMap(tokens::issueFor);
            });
  }

  @PostMapping("/login/google")
  @RequestBody(
      content = @Content(schema = @Schema(implementation = RequestSchemas.GoogleLogin.class)))
  Mono<TokenPair> googleLogin(ServerWebExchange exchange) {
    return requests
        .read(exchange)
        .flatMap(
            fields -> {
              String credential = fields.requiredString("access", 16 * 1024);
              fields.validate();
              return google.verify(credential).flatMap(this::accountFor).flatMap(tokens::issueFor);
            });
  }

  @PostMapping("/login/refresh")
  @RequestBody(content = @Content(schema = @Schema(implementation = RequestSchemas.Refresh.class)))
  Mono<TokenPair> refresh(ServerWebExchange exchange) {
    return requests
        .read(exchange)
        .flatMap(
            fields -> {
              String refresh = fields.requiredString("refresh", 1024);
              fields.validate();
              return tokens.refresh(refresh);
            });
  }

  @PostMapping("/logout")
  @RequestBody(content = @Content(schema = @Schema(implementation = RequestSchemas.Refresh.class)))
  Mono<Map<String, Object>> logout(ServerWebExchange exchange) {
    return requests
        .read(exchange)
        .flatMap(
            fields -> {
              String refresh = fields.requiredString("refresh", 1024);
              fields.validate();
              return tokens.logout(refresh).thenReturn(Map.of());
            });
  }

  /** The account with the Google e-mail, created on first login (accounts are shared by e-mail). */
  private Mono<UUID> accountFor(GoogleIdentity identity) {
    Mono<UUID> existing = accounts.findByEmail(identity.email()).map(a -> a.userId());
    UUID userId = UUID.randomUUID();
    String name =
        identity.name() != null && Usernames.problem(identity.name()) == null
            ? identity.name().strip()
            : defaultUsername(identity.email());
    Mono<UUID> created =
        commands
            .send(new RegisterUser(userId, identity.email(), name, null))
            .thenReturn(userId)
            // A concurrent first login claimed the e-mail: use that account.
            .onErrorResume(EmailAlreadyRegistered.class, e -> existing);
    return existing.switchIfEmpty(created);
  }

  private static String defaultUsername(String email) {
    String local = email.strip().substring(0, email.strip().indexOf('@'));
    return local.length() > Usernames.MAX_LENGTH ? local.substring(0, Usernames.MAX_LENGTH) : local;
  }
}

package io.crescendo.identity.infra.security;

import io.crescendo.web.security.AccessTokenAuthenticationManager;
import io.crescendo.web.security.CurrentUser;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Authenticates a bearer access token as every service does ({@link
 * AccessTokenAuthenticationManager}), then checks that the account still exists: the tokens of a
 * deleted user are refused at once with {@link UserNotFoundException} (401 {@code user_not_found}),
 * not only when they expire.
 */
public class ActiveAccountAuthenticationManager implements ReactiveAuthenticationManager {

  private final ReactiveAuthenticationManager accessTokens;
  private final AccountStatus accountStatus;

  public ActiveAccountAuthenticationManager(
      ReactiveJwtDecoder decoder, AccountStatus accountStatus) {
    this.accessTokens = new AccessTokenAuthenticationManager(decoder);
    this.accountStatus = accountStatus;
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    return accessTokens
        .authenticate(authentication)
        .flatMap(
            caller ->
                accountStatus
                    .isActive(CurrentUser.userIdOf(((JwtAuthenticationToken) caller).getToken()))
                    .defaultIfEmpty(Boolean.FALSE)
                    .flatMap(
                        active ->
                            active
                                ? Mono.just(caller)
                                : Mono.error(new UserNotFoundException("User not found"))));
  }
}

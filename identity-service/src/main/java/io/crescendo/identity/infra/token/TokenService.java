package io.crescendo.identity.infra.token;

import io.crescendo.identity.infra.security.AccountStatus;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** What the web layer uses to hand out, rotate and revoke tokens. */
@Service
public class TokenService {

  private final AccessTokens accessTokens;
  private final RefreshTokens refreshTokens;
  private final AccountStatus accountStatus;

  public TokenService(
      AccessTokens accessTokens, RefreshTokens refreshTokens, AccountStatus accountStatus) {
    this.accessTokens = accessTokens;
    this.refreshTokens = refreshTokens;
    this.accountStatus = accountStatus;
  }

  /** A new login (new rotation family) of this user: signup, e-mail login, Google login. */
  public Mono<TokenPair> issueFor(UUID userId) {
    return blocking(
        () -> {
          String refresh = refreshTokens.issue(userId);
          return new TokenPair(accessTokens.issue(userId), refresh);
        });
  }

  /**
   * Rotates the refresh token and issues a new access token.
   *
   * @return errors with {@link InvalidRefreshTokenException} when the refresh token is malformed,
   *     unknown, expired, rotated (outside the reuse interval), logged out, revoked, or belongs to
   *     a deleted account
   */
  public Mono<TokenPair> refresh(String refreshToken) {
    return blocking(() -> refreshTokens.rotate(refreshToken))
        .flatMap(
            rotation ->
                accountStatus
                    .isActive(rotation.userId())
                    .defaultIfEmpty(Boolean.FALSE)
                    .flatMap(
                        active ->
                            active
                                ? blocking(
                                    () ->
                                        new TokenPair(
                                            accessTokens.issue(rotation.userId()),
                                            rotation.refreshToken()))
                                : revokeAll(rotation.userId())
                                    .then(
                                        Mono.error(
                                            new InvalidRefreshTokenException("user not found")))));
  }

  /**
   * Logout: revokes the rotation family of the presented refresh token.
   *
   * @return errors with {@link InvalidRefreshTokenException} when the token is already invalid
   */
  public Mono<Void> logout(String refreshToken) {
    return blocking(() -> refreshTokens.revokeFamilyOf(refreshToken)).then();
  }

  /** Revokes every refresh token of the user (account deletion). */
  public Mono<Void> revokeAll(UUID userId) {
    return blocking(() -> refreshTokens.revokeAll(userId)).then();
  }

  private static <T> Mono<T> blocking(Callable<T> work) {
    return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
  }
}

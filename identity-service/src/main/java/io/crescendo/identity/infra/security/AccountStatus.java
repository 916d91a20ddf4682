package io.crescendo.identity.infra.security;

import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Whether an account still exists. Implemented outside the security package (by the account read
 * side); consulted for every request carrying an access token and for every refresh, so that the
 * tokens of a deleted user are refused at once (401 {@code user_not_found}).
 */
public interface AccountStatus {

  /** {@code true} if the user exists and may use the API; an empty Mono counts as false. */
  Mono<Boolean> isActive(UUID userId);
}

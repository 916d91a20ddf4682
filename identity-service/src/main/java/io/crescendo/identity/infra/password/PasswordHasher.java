package io.crescendo.identity.infra.password;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Argon2id with m = 19 MiB, t = 2, p = 1 (OWASP's minimum). Hashing costs tens of milliseconds of
 * CPU, so it runs on the bounded-elastic pool.
 */
@Component
public class PasswordHasher {

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final int PARALLELISM = 1;
  private static final int MEMORY_KIB = 19 * 1024;
  private static final int ITERATIONS = 2;

  private final Argon2PasswordEncoder encoder =
      new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM, MEMORY_KIB, ITERATIONS);

  /** A hash of a fixed password, checked when the account is unknown so timing reveals nothing. */
  private final String decoy = encoder.encode("decoy password for unknown accounts");

  public Mono<String> hash(String password) {
    return Mono.fromCallable(() -> encoder.encode(password))
        .subscribeOn(Schedulers.boundedElastic());
  }

  /** True when the password matches; a null hash (no password) never matches, in equal time. */
  public Mono<Boolean> matches(String password, String hash) {
    return Mono.fromCallable(
            () -> {
              boolean matches = encoder.matches(password, hash == null ? decoy : hash);
              return matches && hash != null;
            })
        .subscribeOn(Schedulers.boundedElastic());
  }
}

package io.crescendo.identity.infra.token;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/** {@link SigningKeyStore} in memory, for tests without a database. */
final class InMemorySigningKeyStore implements SigningKeyStore {

  private final List<SigningKey> keys = new ArrayList<>();

  @Override
  public synchronized List<SigningKey> loadAll() {
    return keys.stream().sorted(Comparator.comparing(SigningKey::activatesAt)).toList();
  }

  @Override
  public synchronized <T> T inLock(Supplier<T> work) {
    return work.get();
  }

  @Override
  public synchronized void insert(SigningKey key) {
    keys.add(key);
  }

  @Override
  public synchronized void retire(String kid, Instant retiredAt) {
    keys.replaceAll(k -> k.kid().equals(kid) ? k.withRetiredAt(retiredAt) : k);
  }

  @Override
  public synchronized void delete(String kid) {
    keys.removeIf(k -> k.kid().equals(kid));
  }

  @Override
  public synchronized int deleteRetiredBefore(Instant horizon, String keep) {
    int before = keys.size();
    keys.removeIf(
        k -> k.retiredAt() != null && k.retiredAt().isBefore(horizon) && !k.kid().equals(keep));
    return before - keys.size();
  }
}

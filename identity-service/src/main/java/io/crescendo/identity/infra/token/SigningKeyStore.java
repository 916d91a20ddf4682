package io.crescendo.identity.infra.token;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** Persistence of signing keys, shared by every replica. */
interface SigningKeyStore {

  /** Every stored key, oldest activation first. */
  List<SigningKey> loadAll();

  /**
   * Runs {@code work} in one transaction holding a cluster-wide lock, so that only one replica at a
   * time creates or rotates keys.
   */
  <T> T inLock(Supplier<T> work);

  void insert(SigningKey key);

  void retire(String kid, Instant retiredAt);

  void delete(String kid);

  /** Deletes keys retired before {@code horizon}, except {@code keep}. Returns how many. */
  int deleteRetiredBefore(Instant horizon, String keep);
}

package io.crescendo.identity.infra.token;

import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The RS256 signing keys of this service, shared by all replicas through {@link SigningKeyStore}.
 *
 * <ul>
 *   <li>The current key signs; the JWKS (and the local verifier) know the current key, a successor
 *       published ahead of its activation, and retired keys for as long as tokens they signed can
 *       still be valid (plus always the immediately previous key).
 *   <li>{@link #rotate()} replaces the current key at once (e.g. suspected compromise). Automatic
 *       rotation ({@link #rotateIfDue()}, at start-up and hourly) publishes the successor {@code
 *       signing-key-publish-lead} before it starts signing, so JWKS caches learn it in time.
 *   <li>Creation and rotation run under a cluster-wide lock; every replica reloads the keys every
 *       minute, on an unknown {@code kid} and before serving the JWKS (at most every 5 s each).
 * </ul>
 */
@Service
public class SigningKeys implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  static final Duration MIN_RELOAD_INTERVAL = Duration.ofSeconds(5);
  static final Duration PRUNE_MARGIN = Duration.ofDays(1);

  private final SigningKeyStore store;
  private final TokenProperties properties;
  private final Clock clock;

  private final Duration minReloadInterval;

  private volatile KeyRing ring = KeyRing.EMPTY;
  private final AtomicBoolean reloading = new AtomicBoolean();

  @Autowired
  SigningKeys(SigningKeyStore store, TokenProperties properties, Clock clock) {
    this(store, properties, clock, MIN_RELOAD_INTERVAL);
  }

  SigningKeys(
      SigningKeyStore store, TokenProperties properties, Clock clock, Duration minReloadInterval) {
    this.store = store;
    this.properties = properties;
    this.clock = clock;
    this.minReloadInterval = minReloadInterval;
  }

  /** Start-up: make sure a key exists (creating or rotating it if due) and load the keys. */
  @Override
  public void afterSingletonsInstantiated() {
    rotateIfDue();
  }

  // ---------------------------------------------------------------- signing / verification

  /** The key that signs now (blocking: may reload from the database). */
  public SigningKey current() {
    return currentEntry().key();
  }

  KeyRing.Entry currentEntry() {
    Instant now = clock.instant();
    Optional<KeyRing.Entry> entry = ring.signingAt(now);
    if (entry.isEmpty()) {
      reload();
      entry = ring.signingAt(now);
    }
    if (entry.isEmpty()) {
      rotateIfDue();
      entry = ring.signingAt(now);
    }
    return entry.orElseThrow(() -> new IllegalStateException("no signing key"));
  }

  /**
   * The public key with this kid if it is published in the JWKS (see {@link #publishedKeys()}).
   * Unknown kids trigger a reload (off the event loop, at most every 5 s).
   */
  public Mono<RSAKey> verificationKey(String kid) {
    if (kid == null) {
      return Mono.empty();
    }
    KeyRing snapshot = ring;
    if (snapshot.byKid().containsKey(kid) || !snapshot.olderThan(minReloadInterval)) {
      return Mono.justOrEmpty(snapshot.verificationKey(kid, clock.instant(), properties));
    }
    return Mono.fromCallable(
            () -> {
              reloadIfOlderThan(minReloadInterval);
              return Optional.ofNullable(ring.verificationKey(kid, clock.instant(), properties));
            })
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(Mono::justOrEmpty);
  }

  /** Public JWKs served at {@code /.well-known/jwks.json} (from a snapshot at most 5 s old). */
  public Mono<JWKSet> publicJwkSet() {
    if (!ring.olderThan(minReloadInterval)) {
      return Mono.just(publishedKeys());
    }
    return Mono.fromCallable(
            () -> {
              reloadIfOlderThan(minReloadInterval);
              return publishedKeys();
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  /** Public JWKs of the loaded snapshot (no I/O). */
  public JWKSet publishedKeys() {
    return new JWKSet(List.<JWK>copyOf(ring.published(clock.instant(), properties)));
  }

  // ---------------------------------------------------------------- rotation

  /**
   * Replaces the current key immediately: a new key signs from now on, the old one keeps verifying
   * until its tokens have expired. A successor that was published but not yet active is deleted.
   * Blocking.
   */
  public SigningKey rotate() {
    SigningKey created =
        store.inLock(
            () -> {
              Instant now = clock.instant();
              for (SigningKey key : store.loadAll()) {
                if (key.activatesAt().isAfter(now)) {
                  store.delete(key.kid()); // a published successor that never signed
                } else if (key.retiredAt() == null || key.retiredAt().isAfter(now)) {
                  store.retire(key.kid(), now);
                }
              }
              SigningKey key = SigningKey.generate(now, now);
              store.insert(key);
              return key;
            });
    log.info("Signing key rotated: {} signs from now on", created.kid());
    reload();
    return created;
  }

  /**
   * Creates the first key, or a successor when the newest key is older than {@code
   * signing-key-rotation} (minus the publish lead). Blocking. Returns whether a key was created.
   */
  public boolean rotateIfDue() {
    SigningKey created =
        store.inLock(
            () -> {
              Instant now = clock.instant();
              SigningKey head =
                  store.loadAll().stream()
                      .filter(k -> k.retiredAt() == null)
                      .max(Comparator.comparing(SigningKey::activatesAt))
                      .orElse(null);
              if (head == null) {
                SigningKey first = SigningKey.generate(now, now);
                store.insert(first);
                return first;
              }
              if (head.activatesAt().isAfter(now)) {
                return null; // successor already published
              }
              Instant due =
                  head.activatesAt()
                      .plus(properties.signingKeyRotation())
                      .minus(properties.signingKeyPublishLead());
              if (now.isBefore(due)) {
                return null;
              }
              Instant activation = now.plus(properties.signingKeyPublishLead());
              SigningKey successor = SigningKey.generate(now, activation);
              store.retire(head.kid(), activation);
              store.insert(successor);
              return successor;
            });
    if (created != null) {
      log.info("Signing key {} created, signs from {}", created.kid(), created.activatesAt());
    }
    reload();
    return created != null;
  }

  /** Deletes keys no token can need any more (the previous key is always kept). Blocking. */
  public int prune() {
    Instant now = clock.instant();
    Instant horizon = now.minus(properties.verificationGrace()).minus(PRUNE_MARGIN);
    String previous = ring.previous(now).map(e -> e.key().kid()).orElse(null);
    int deleted = store.deleteRetiredBefore(horizon, previous);
    if (deleted > 0) {
      log.info("Deleted {} expired signing key(s)", deleted);
      reload();
    }
    return deleted;
  }

  @Scheduled(
      initialDelayString = "${crescendo.identity.signing-key-check-interval:PT1H}",
      fixedDelayString = "${crescendo.identity.signing-key-check-interval:PT1H}")
  void scheduledRotation() {
    try {
      rotateIfDue();
      prune();
    } catch (RuntimeException e) {
      log.warn("Signing key rotation check failed; will retry", e);
    }
  }

  @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
  void scheduledReload() {
    try {
      reload();
    } catch (RuntimeException e) {
      log.warn("Reloading signing keys failed; will retry", e);
    }
  }

  // ---------------------------------------------------------------- loading

  /** Reloads every key from the store. Blocking. */
  public void reload() {
    ring = KeyRing.of(store.loadAll(), System.nanoTime());
  }

  private void reloadIfOlderThan(Duration age) {
    if (ring.olderThan(age) && reloading.compareAndSet(false, true)) {
      try {
        if (ring.olderThan(age)) {
          reload();
        }
      } finally {
        reloading.set(false);
      }
    }
  }

  /** Immutable snapshot of the stored keys. */
  record KeyRing(List<Entry> entries, Map<String, Entry> byKid, long loadedAtNanos) {

    static final KeyRing EMPTY = new KeyRing(List.of(), Map.of(), System.nanoTime() - (1L << 62));

    record Entry(SigningKey key, RSAKey publicJwk, JWSSigner signer) {}

    static KeyRing of(List<SigningKey> keys, long loadedAtNanos) {
      List<Entry> entries = new ArrayList<>();
      Map<String, Entry> byKid = new LinkedHashMap<>();
      keys.stream()
          .sorted(Comparator.comparing(SigningKey::activatesAt))
          .forEach(
              k -> {
                Entry e = new Entry(k, k.publicJwk(), k.signer());
                entries.add(e);
                byKid.put(k.kid(), e);
              });
      return new KeyRing(List.copyOf(entries), Map.copyOf(byKid), loadedAtNanos);
    }

    boolean olderThan(Duration age) {
      return System.nanoTime() - loadedAtNanos >= age.toNanos();
    }

    Optional<Entry> signingAt(Instant now) {
      return entries.stream()
          .filter(e -> e.key().signsAt(now))
          .max(Comparator.comparing(e -> e.key().activatesAt()));
    }

    /** The key retired last before the current one. */
    Optional<Entry> previous(Instant now) {
      Optional<Entry> current = signingAt(now);
      return entries.stream()
          .filter(e -> !e.key().activatesAt().isAfter(now))
          .filter(e -> current.isEmpty() || e != current.get())
          .max(
              Comparator.comparing(
                      (Entry e) -> e.key().retiredAt() == null ? Instant.MAX : e.key().retiredAt())
                  .thenComparing(e -> e.key().activatesAt()));
    }

    /** The same keys as {@link #published}: the verifier accepts exactly what the JWKS serves. */
    RSAKey verificationKey(String kid, Instant now, TokenProperties properties) {
      Entry e = byKid.get(kid);
      return e != null && isPublished(e, now, properties) ? e.publicJwk() : null;
    }

    List<RSAKey> published(Instant now, TokenProperties properties) {
      List<RSAKey> keys = new ArrayList<>();
      // newest first: JWKS consumers that pick the first match find the current key quickly
      for (int i = entries.size() - 1; i >= 0; i--) {
        Entry e = entries.get(i);
        if (isPublished(e, now, properties)) {
          keys.add(e.publicJwk());
        }
      }
      return keys;
    }

    /**
     * Current, upcoming, retired within the verification grace, and always the previous key (its
     * tokens have expired after the grace, so serving it longer is harmless).
     */
    private boolean isPublished(Entry e, Instant now, TokenProperties properties) {
      return e.key().verifiesAt(now, properties) || previous(now).filter(p -> p == e).isPresent();
    }
  }
}

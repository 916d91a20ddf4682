package io.crescendo.identity.infra.token;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Opaque, rotating refresh tokens (blocking JDBC: call from a bounded-elastic thread).
 *
 * <ul>
 *   <li>A token is 32 random bytes, base64url without padding (43 characters). Only its SHA-256 is
 *       stored, with its family (one login), user, lifetime and rotation state.
 *   <li>Every use rotates: the successor has a fresh lifetime. The successor is derived, not
 *       random: {@code base64url(HMAC-SHA256(row's successor_key, presented token))}, so a second
 *       presentation within {@code refresh-reuse-interval} of the rotation returns the same
 *       successor (concurrent refreshes of one token all succeed with one successor). Rows are
 *       locked ({@code SELECT … FOR UPDATE}) so concurrent rotations serialize.
 *   <li>Presenting a rotated token later than that is treated as theft: the family is revoked.
 *   <li>Logout revokes the family; {@link #revokeAll} revokes every family of a user.
 * </ul>
 */
@Component
public class RefreshTokens {

  private static final Logger log = LoggerFactory.getLogger(RefreshTokens.class);

  static final int TOKEN_BYTES = 32;
  static final int TOKEN_LENGTH = 43; // base64url(32 bytes) without padding
  static final Duration CLEANUP_MARGIN = Duration.ofDays(1);

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final TokenProperties properties;
  private final Clock clock;

  public RefreshTokens(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactionManager,
      TokenProperties properties,
      Clock clock) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactionManager);
    this.properties = properties;
    this.clock = clock;
  }

  /** Result of a rotation. */
  public record Rotation(UUID userId, UUID familyId, String refreshToken) {}

  /** Starts a new family (a login) and returns its first token. */
  public String issue(UUID userId) {
    Instant now = clock.instant();
    UUID familyId = UUID.randomUUID();
    String token = ENCODER.encodeToString(randomBytes(TOKEN_BYTES));
    tx.executeWithoutResult(
        status -> {
          jdbc.update(
              "INSERT INTO refresh_token_family (family_id, user_id, created_at) VALUES (?, ?, ?)",
              familyId,
              userId,
              Sql.ts(now));
          insertToken(token, familyId, userId, now);
        });
    return token;
  }

  /**
   * Rotates the presented token.
   *
   * @throws InvalidRefreshTokenException when the token is not (or no longer) valid; a rotated
   *     token presented after the reuse interval revokes its family
   */
  public Rotation rotate(String presented) {
    byte[] hash = hashOf(presented);
    Outcome outcome =
        tx.execute(
            status -> {
              Instant now = clock.instant();
              Row row = lockRow(hash);
              String unusable = unusableReason(row, now);
              if (unusable != null) {
                return Outcome.reject(unusable);
              }
              String successor = successorOf(row.successorKey(), presented);
              if (row.rotatedAt() == null) {
                insertToken(successor, row.familyId(), row.userId(), now);
                jdbc.update(
                    "UPDATE refresh_token SET rotated_at = ?, successor_hash = ?"
                        + " WHERE token_hash = ?",
                    Sql.ts(now),
                    sha256(successor),
                    hash);
                return Outcome.ok(new Rotation(row.userId(), row.familyId(), successor));
              }
              if (withinReuseInterval(row, now)) {
                if (!MessageDigest.isEqual(sha256(successor), row.successorHash())) {
                  return Outcome.reject("successor mismatch");
                }
                Boolean successorUsable =
                    jdbc.query(
                        "SELECT revoked_at IS NULL AND expires_at > ? FROM refresh_token"
                            + " WHERE token_hash = ?",
                        rs -> rs.next() ? rs.getBoolean(1) : Boolean.FALSE,
                        Sql.ts(now),
                        row.successorHash());
                return Boolean.TRUE.equals(successorUsable)
                    ? Outcome.ok(new Rotation(row.userId(), row.familyId(), successor))
                    : Outcome.reject("token revoked");
              }
              revokeFamily(row.familyId(), now, "reuse of a rotated refresh token");
              return Outcome.reject("token reused after rotation; family revoked");
            });
    if (outcome.rotation() == null) {
      if (outcome.reason().startsWith("token reused")) {
        log.warn("Refresh token reuse detected; rotation family revoked");
      }
      throw new InvalidRefreshTokenException(outcome.reason());
    }
    return outcome.rotation();
  }

  /**
   * Logout: revokes the family of the presented token. A token rotated less than the reuse interval
   * ago still counts as valid here (a refresh may be in flight).
   *
   * @return the user of the token
   * @throws InvalidRefreshTokenException when the token is already invalid
   */
  public UUID revokeFamilyOf(String presented) {
    byte[] hash = hashOf(presented);
    Outcome outcome =
        tx.execute(
            status -> {
              Instant now = clock.instant();
              Row row = lockRow(hash);
              String unusable = unusableReason(row, now);
              if (unusable != null) {
                return Outcome.reject(unusable);
              }
              if (row.rotatedAt() != null && !withinReuseInterval(row, now)) {
                revokeFamily(row.familyId(), now, "reuse of a rotated refresh token");
                return Outcome.reject("token reused after rotation; family revoked");
              }
              revokeFamily(row.familyId(), now, "logout");
              return Outcome.ok(new Rotation(row.userId(), row.familyId(), null));
            });
    if (outcome.rotation() == null) {
      throw new InvalidRefreshTokenException(outcome.reason());
    }
    return outcome.rotation().userId();
  }

  /** Revokes every refresh token of the user (account deletion). Returns the families revoked. */
  public int revokeAll(UUID userId) {
    Instant now = clock.instant();
    return tx.execute(
        status -> {
          List<UUID> families =
              jdbc.queryForList(
                  "UPDATE refresh_token_family SET revoked_at = ?, revoke_reason = 'revoke all'"
                      + " WHERE user_id = ? AND revoked_at IS NULL RETURNING family_id",
                  UUID.class,
                  Sql.ts(now),
                  userId);
          jdbc.update(
              "UPDATE refresh_token SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL"
                  + " AND expires_at > ?",
              Sql.ts(now),
              userId,
              Sql.ts(now));
          return families.size();
        });
  }

  /** Deletes tokens expired for more than a day, and families left without tokens. */
  @Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT1H")
  public void deleteExpired() {
    try {
      Instant horizon = clock.instant().minus(CLEANUP_MARGIN);
      int tokens = jdbc.update("DELETE FROM refresh_token WHERE expires_at < ?", Sql.ts(horizon));
      int families =
          jdbc.update(
              "DELETE FROM refresh_token_family f WHERE f.created_at < ? AND NOT EXISTS"
                  + " (SELECT 1 FROM refresh_token t WHERE t.family_id = f.family_id)",
              Sql.ts(horizon));
      if (tokens + families > 0) {
        log.info("Deleted {} expired refresh token(s) and {} family(ies)", tokens, families);
      }
    } catch (RuntimeException e) {
      log.warn("Refresh token cleanup failed; will retry", e);
    }
  }

  // ---------------------------------------------------------------- internals

  private record Row(
      UUID familyId,
      UUID userId,
      byte[] successorKey,
      Instant expiresAt,
      Instant rotatedAt,
      byte[] successorHash,
      boolean revoked) {}

  /** Why a presented token cannot be used at all, or null when it is live (maybe rotated). */
  private static String unusableReason(Row row, Instant now) {
    if (row == null) {
      return "unknown token";
    }
    if (row.revoked()) {
      return "token revoked";
    }
    if (!row.expiresAt().isAfter(now)) {
      return "token expired";
    }
    return null;
  }

  private record Outcome(Rotation rotation, String reason) {
    static Outcome ok(Rotation rotation) {
      return new Outcome(rotation, null);
    }

    static Outcome reject(String reason) {
      return new Outcome(null, reason);
    }
  }

  private Row lockRow(byte[] hash) {
    // Lock order is always family row first, then token rows: rotations of one token, and
    // rotation vs. revocation of the family, serialize without deadlocks.
    List<Boolean> family =
        jdbc.query(
            "SELECT revoked_at IS NOT NULL FROM refresh_token_family WHERE family_id ="
                + " (SELECT family_id FROM refresh_token WHERE token_hash = ?) FOR UPDATE",
            (rs, i) -> rs.getBoolean(1),
            hash);
    if (family.isEmpty()) {
      return null;
    }
    boolean familyRevoked = family.getFirst();
    List<Row> rows =
        jdbc.query(
            "SELECT family_id, user_id, successor_key, expires_at, rotated_at, successor_hash,"
                + " revoked_at IS NOT NULL AS revoked FROM refresh_token WHERE token_hash = ?"
                + " FOR UPDATE",
            (rs, i) ->
                new Row(
                    rs.getObject("family_id", UUID.class),
                    rs.getObject("user_id", UUID.class),
                    rs.getBytes("successor_key"),
                    Sql.instant(rs, "expires_at"),
                    Sql.instant(rs, "rotated_at"),
                    rs.getBytes("successor_hash"),
                    familyRevoked || rs.getBoolean("revoked")),
            hash);
    return rows.isEmpty() ? null : rows.getFirst();
  }

  private boolean withinReuseInterval(Row row, Instant now) {
    return !now.isAfter(row.rotatedAt().plus(properties.refreshReuseInterval()));
  }

  private void insertToken(String token, UUID familyId, UUID userId, Instant now) {
    jdbc.update(
        "INSERT INTO refresh_token (token_hash, family_id, user_id, successor_key, created_at,"
            + " expires_at) VALUES (?, ?, ?, ?, ?, ?)",
        sha256(token),
        familyId,
        userId,
        randomBytes(TOKEN_BYTES),
        Sql.ts(now),
        Sql.ts(now.plus(properties.refreshTokenTtl())));
  }

  private void revokeFamily(UUID familyId, Instant now, String reason) {
    jdbc.update(
        "UPDATE refresh_token_family SET revoked_at = ?, revoke_reason = ?"
            + " WHERE family_id = ? AND revoked_at IS NULL",
        Sql.ts(now),
        reason,
        familyId);
    // live tokens only: expired rows belong to the cleanup job (disjoint row locks)
    jdbc.update(
        "UPDATE refresh_token SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL"
            + " AND expires_at > ?",
        Sql.ts(now),
        familyId,
        Sql.ts(now));
  }

  /** SHA-256 of a well-formed token; anything else is rejected before touching the database. */
  static byte[] hashOf(String presented) {
    if (presented == null || presented.length() != TOKEN_LENGTH) {
      throw new InvalidRefreshTokenException("malformed token");
    }
    for (int i = 0; i < presented.length(); i++) {
      char c = presented.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        throw new InvalidRefreshTokenException("malformed token");
      }
    }
    try {
      if (DECODER.decode(presented).length != TOKEN_BYTES) {
        throw new InvalidRefreshTokenException("malformed token");
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidRefreshTokenException("malformed token");
    }
    return sha256(presented);
  }

  static String successorOf(byte[] successorKey, String presented) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(successorKey, "HmacSHA256"));
      return ENCODER.encodeToString(mac.doFinal(presented.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}

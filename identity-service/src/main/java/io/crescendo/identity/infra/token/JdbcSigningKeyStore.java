package io.crescendo.identity.infra.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link SigningKeyStore} on the {@code signing_key} table. */
@Repository
class JdbcSigningKeyStore implements SigningKeyStore {

  /** Advisory lock id of key creation/rotation ("crescendo.signing_key"). */
  static final long LOCK_ID = 0x43524553_4b455953L;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;

  JdbcSigningKeyStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactionManager);
  }

  @Override
  public List<SigningKey> loadAll() {
    return jdbc.query(
        "SELECT kid, private_key, public_jwk, created_at, activates_at, retired_at"
            + " FROM signing_key WHERE algorithm = 'RS256' ORDER BY activates_at, created_at",
        (rs, i) -> map(rs));
  }

  @Override
  public <T> T inLock(Supplier<T> work) {
    return tx.execute(
        status -> {
          jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", LOCK_ID);
          return work.get();
        });
  }

  @Override
  public void insert(SigningKey key) {
    byte[] pkcs8;
    try {
      pkcs8 = key.jwk().toPrivateKey().getEncoded();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException("cannot encode signing key " + key.kid(), e);
    }
    jdbc.update(
        "INSERT INTO signing_key (kid, algorithm, private_key, public_jwk, created_at,"
            + " activates_at, retired_at) VALUES (?, 'RS256', ?, ?, ?, ?, ?)",
        key.kid(),
        pkcs8,
        key.publicJwk().toJSONString(),
        Sql.ts(key.createdAt()),
        Sql.ts(key.activatesAt()),
        Sql.ts(key.retiredAt()));
  }

  @Override
  public void retire(String kid, Instant retiredAt) {
    jdbc.update("UPDATE signing_key SET retired_at = ? WHERE kid = ?", Sql.ts(retiredAt), kid);
  }

  @Override
  public void delete(String kid) {
    jdbc.update("DELETE FROM signing_key WHERE kid = ?", kid);
  }

  @Override
  public int deleteRetiredBefore(Instant horizon, String keep) {
    return jdbc.update(
        "DELETE FROM signing_key WHERE retired_at IS NOT NULL AND retired_at < ? AND kid <> ?",
        Sql.ts(horizon),
        keep == null ? "" : keep);
  }

  private static SigningKey map(ResultSet rs) throws SQLException {
    String kid = rs.getString("kid");
    try {
      RSAKey publicJwk = JWK.parse(rs.getString("public_jwk")).toRSAKey();
      PrivateKey privateKey =
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(rs.getBytes("private_key")));
      RSAKey jwk = new RSAKey.Builder(publicJwk).privateKey(privateKey).build();
      return new SigningKey(
          kid,
          jwk,
          Sql.instant(rs, "created_at"),
          Sql.instant(rs, "activates_at"),
          Sql.instant(rs, "retired_at"));
    } catch (ParseException | GeneralSecurityException e) {
      throw new IllegalStateException("unreadable signing key " + kid, e);
    }
  }
}

package io.crescendo.identity.infra.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.time.Instant;
import java.util.Objects;

/**
 * One RS256 signing key.
 *
 * @param kid key id (JWK thumbprint)
 * @param jwk the key pair (private part included)
 * @param createdAt when the key was generated
 * @param activatesAt from when the key signs
 * @param retiredAt from when the key no longer signs ({@code null} while it is the newest)
 */
public record SigningKey(
    String kid, RSAKey jwk, Instant createdAt, Instant activatesAt, Instant retiredAt) {

  static final JWSAlgorithm ALGORITHM = JWSAlgorithm.RS256;
  static final int KEY_SIZE = 2048;

  public SigningKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(jwk, "jwk");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(activatesAt, "activatesAt");
    if (!kid.equals(jwk.getKeyID())) {
      throw new IllegalArgumentException("kid does not match the JWK");
    }
  }

  /** Generates a fresh 2048-bit RSA key whose kid is its RFC 7638 thumbprint. */
  static SigningKey generate(Instant createdAt, Instant activatesAt) {
    try {
      RSAKey jwk =
          new RSAKeyGenerator(KEY_SIZE)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(ALGORITHM)
              .keyIDFromThumbprint(true)
              .generate();
      return new SigningKey(jwk.getKeyID(), jwk, createdAt, activatesAt, null);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an RSA signing key", e);
    }
  }

  /** The public half, as served in the JWKS. */
  public RSAKey publicJwk() {
    return jwk.toPublicJWK();
  }

  SigningKey withRetiredAt(Instant retired) {
    return new SigningKey(kid, jwk, createdAt, activatesAt, retired);
  }

  /** Whether the key signs at {@code now}. */
  boolean signsAt(Instant now) {
    return !activatesAt.isAfter(now) && (retiredAt == null || retiredAt.isAfter(now));
  }

  /** Whether a token signed by this key can still be valid at {@code now}. */
  boolean verifiesAt(Instant now, TokenProperties properties) {
    return retiredAt == null || retiredAt.plus(properties.verificationGrace()).isAfter(now);
  }

  JWSSigner signer() {
    try {
      return new RSASSASigner(jwk);
    } catch (JOSEException e) {
      throw new IllegalStateException("unusable signing key " + kid, e);
    }
  }

  @Override
  public String toString() {
    // Never print the private key.
    return "SigningKey[kid="
        + kid
        + ", createdAt="
        + createdAt
        + ", activatesAt="
        + activatesAt
        + ", retiredAt="
        + retiredAt
        + "]";
  }
}

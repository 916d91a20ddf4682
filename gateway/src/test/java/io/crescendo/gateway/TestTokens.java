package io.crescendo.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** Access tokens shaped like identity-service's, signed with keys the stub JWKS publishes. */
final class TestTokens {

  static final String ISSUER = "http://localhost:8080";
  static final String AUDIENCE = "crescendo-api";

  private final RSAKey current = generate("key-1");
  private final List<RSAKey> published = new CopyOnWriteArrayList<>(List.of(current));

  static RSAKey generate(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  RSAKey current() {
    return current;
  }

  /** The public JWKS as identity-service serves it. */
  String jwks() {
    return new JWKSet(
            published.stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList())
        .toString();
  }

  void publish(RSAKey key) {
    published.add(key);
  }

  static JWTClaimsSet.Builder claims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(UUID.randomUUID().toString())
        .claim("user_uuid", UUID.randomUUID().toString())
        .claim("token_type", "access")
        .jwtID(UUID.randomUUID().toString().replace("-", ""))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(1800)));
  }

  String valid() {
    return sign(current, claims().build());
  }

  String with(UnaryOperator<JWTClaimsSet.Builder> change) {
    return sign(current, change.apply(claims()).build());
  }

  static String sign(RSAKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(key.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The classic key-confusion attack: HS256 with the RSA public key as the HMAC secret. */
  String hs256WithPublicKey() {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(current.getKeyID()).build(),
              claims().build());
      jwt.sign(new MACSigner(current.toRSAPublicKey().getEncoded()));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code alg: none}, no signature. */
  static String unsigned() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload =
        b64.encodeToString(claims().build().toString().getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + ".";
  }

  /** A correctly signed token whose payload was swapped afterwards. */
  String tampered() {
    String[] parts = valid().split("\\.");
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                claims()
                    .claim("user_uuid", UUID.randomUUID().toString())
                    .build()
                    .toString()
                    .getBytes(StandardCharsets.UTF_8));
    return parts[0] + "." + forged + "." + parts[2];
  }
}

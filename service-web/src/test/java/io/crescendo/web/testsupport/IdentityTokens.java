package io.crescendo.web.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * identity-service as a service under test sees it: its JWKS on 127.0.0.1 with a generated RSA key,
 * and RS256 access tokens with the contract's claims signed by that key.
 */
public final class IdentityTokens {

  public static final String ISSUER = "http://localhost:8080";
  public static final String AUDIENCE = "crescendo-api";

  private static final RSAKey KEY = generate("identity-test-key");
  private static final RSAKey FOREIGN_KEY = generate("identity-test-key");
  private static HttpServer jwks;

  private IdentityTokens() {}

  /** The JWKS URI, starting the server on first use. */
  public static synchronized String jwksUri() {
    if (jwks == null) {
      try {
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      byte[] body = new JWKSet(KEY.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
      jwks.createContext(
          "/.well-known/jwks.json",
          exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      jwks.start();
    }
    return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/.well-known/jwks.json";
  }

  /** A valid access token of this user. */
  public static String access(UUID user) {
    return sign(KEY, user, Instant.now().plus(Duration.ofMinutes(30)));
  }

  /** An access token that expired a minute ago. */
  public static String expired(UUID user) {
    return sign(KEY, user, Instant.now().minus(Duration.ofMinutes(1)));
  }

  /** A token signed by a key the JWKS does not hold (same kid). */
  public static String forged(UUID user) {
    return sign(FOREIGN_KEY, user, Instant.now().plus(Duration.ofMinutes(30)));
  }

  private static String sign(RSAKey key, UUID user, Instant expiry) {
    byte[] jti = new byte[16];
    ThreadLocalRandom.current().nextBytes(jti);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject(user.toString())
            .claim("user_uuid", user.toString())
            .claim("token_type", "access")
            .issueTime(Date.from(expiry.minus(Duration.ofMinutes(30))))
            .expirationTime(Date.from(expiry))
            .jwtID(HexFormat.of().formatHex(jti))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static RSAKey generate(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}

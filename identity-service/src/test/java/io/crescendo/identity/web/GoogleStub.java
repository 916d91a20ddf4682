package io.crescendo.identity.web;

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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

/** Google's side of an ID-token login, on loopback: a key set and tokens signed with it. */
final class GoogleStub {

  static final String CLIENT_ID = "crescendo-test-client";
  static final String ISSUER = "https://accounts.google.com";

  private static final RSAKey KEY = generate();
  private static final HttpServer SERVER = serve();

  private GoogleStub() {}

  static String jwksUri() {
    return "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/oauth2/v3/certs";
  }

  static String idToken(String email, String name) {
    return sign(KEY, email, name, CLIENT_ID);
  }

  static String idTokenFor(String audience, String email) {
    return sign(KEY, email, "someone", audience);
  }

  /** A token that looks right but is signed by a key Google never published. */
  static String forgedIdToken(String email) {
    return sign(generate(), email, "mallory", CLIENT_ID);
  }

  private static String sign(RSAKey key, String email, String name, String audience) {
    Instant now = Instant.now();
    var claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(audience)
            .subject("google-" + email)
            .claim("email", email)
            .claim("email_verified", true)
            .claim("name", name)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(600)))
            .build();
    try {
      var jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(key.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).keyID("google-" + System.nanoTime()).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpServer serve() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
      server.createContext(
          "/oauth2/v3/certs",
          exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.setExecutor(null);
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

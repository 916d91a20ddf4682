package io.crescendo.identity.infra.google;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Verifies Google ID tokens (the {@code credential} of Google Identity Services): RS256 signature
 * against Google's JWKS (cached; an unknown {@code kid} refetches, rate-limited), {@code iss} one
 * of the configured issuers, {@code aud} the configured client id, not expired, {@code sub} and
 * {@code email} present, {@code email_verified} true. Time comes from the injected {@link Clock}.
 * Key fetching is blocking I/O and runs on the bounded-elastic scheduler.
 */
@Component
public class GoogleIdTokenVerifier {

  static final int MAX_TOKEN_LENGTH = 8 * 1024;
  static final int MAX_JWKS_BYTES = 64 * 1024;

  private final GoogleProperties properties;
  private final Clock clock;
  private final ConfigurableJWTProcessor<SecurityContext> processor;

  @Autowired
  public GoogleIdTokenVerifier(GoogleProperties properties, Clock clock) {
    this(properties, clock, keySource(properties));
  }

  GoogleIdTokenVerifier(
      GoogleProperties properties, Clock clock, JWKSource<SecurityContext> keySource) {
    this.properties = properties;
    this.clock = clock;
    DefaultJWTProcessor<SecurityContext> jwtProcessor = new DefaultJWTProcessor<>();
    jwtProcessor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keySource));
    // claims are checked below against the injected clock (Nimbus' default verifier uses the
    // system time)
    jwtProcessor.setJWTClaimsSetVerifier((claims, context) -> {});
    this.processor = jwtProcessor;
  }

  static JWKSource<SecurityContext> keySource(GoogleProperties properties) {
    int timeoutMillis = Math.toIntExact(properties.httpTimeout().toMillis());
    try {
      return JWKSourceBuilder.<SecurityContext>create(
              properties.jwksUri().toURL(),
              new DefaultResourceRetriever(timeoutMillis, timeoutMillis, MAX_JWKS_BYTES))
          .cache(properties.jwksCacheTtl().toMillis(), 2L * timeoutMillis + 1_000L)
          .retrying(true)
          .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("crescendo.identity.google.jwks-uri is not a URL", e);
    }
  }

  /**
   * Verifies the ID token.
   *
   * @return the Google identity, or an error {@link InvalidGoogleCredentialException} (its subtype
   *     {@link GoogleKeysUnavailableException} when Google's keys could not be fetched)
   */
  public Mono<GoogleIdentity> verify(String idToken) {
    return Mono.fromCallable(() -> verifyBlocking(idToken))
        .subscribeOn(Schedulers.boundedElastic());
  }

  GoogleIdentity verifyBlocking(String idToken) {
    if (idToken == null || idToken.isBlank() || idToken.length() > MAX_TOKEN_LENGTH) {
      throw new InvalidGoogleCredentialException("malformed ID token");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(SignedJWT.parse(idToken.strip()), null);
    } catch (ParseException e) {
      throw new InvalidGoogleCredentialException("malformed ID token", e);
    } catch (KeySourceException e) {
      throw new GoogleKeysUnavailableException("Google's signing keys are unavailable", e);
    } catch (BadJOSEException | JOSEException e) {
      throw new InvalidGoogleCredentialException("ID token rejected: " + e.getMessage(), e);
    }
    return check(claims);
  }

  private GoogleIdentity check(JWTClaimsSet claims) {
    Instant now = clock.instant();
    long skew = properties.clockSkew().toSeconds();

    if (claims.getIssuer() == null || !properties.issuers().contains(claims.getIssuer())) {
      throw new InvalidGoogleCredentialException("wrong issuer");
    }
    List<String> audience = claims.getAudience();
    if (audience == null || !audience.contains(properties.clientId())) {
      throw new InvalidGoogleCredentialException("wrong audience");
    }
    if (audience.size() > 1 && !properties.clientId().equals(stringClaim(claims, "azp"))) {
      throw new InvalidGoogleCredentialException("wrong authorized party");
    }
    Date exp = claims.getExpirationTime();
    if (exp == null || !now.isBefore(exp.toInstant().plusSeconds(skew))) {
      throw new InvalidGoogleCredentialException("expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.isBefore(nbf.toInstant().minusSeconds(skew))) {
      throw new InvalidGoogleCredentialException("not yet valid");
    }
    Date iat = claims.getIssueTime();
    if (iat != null && now.isBefore(iat.toInstant().minusSeconds(skew))) {
      throw new InvalidGoogleCredentialException("issued in the future");
    }
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank()) {
      throw new InvalidGoogleCredentialException("no subject");
    }
    String email = stringClaim(claims, "email");
    if (email == null || email.isBlank()) {
      throw new InvalidGoogleCredentialException("no e-mail address");
    }
    Object verified = claims.getClaim("email_verified");
    if (!(Boolean.TRUE.equals(verified) || "true".equals(verified))) {
      throw new InvalidGoogleCredentialException("e-mail address not verified");
    }
    String name = stringClaim(claims, "name");
    return new GoogleIdentity(subject, email, name == null || name.isBlank() ? null : name);
  }

  private static String stringClaim(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    return value instanceof String s ? s : null;
  }
}

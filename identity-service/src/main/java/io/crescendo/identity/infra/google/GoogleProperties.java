package io.crescendo.identity.infra.google;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Google ID-token verification settings under {@code crescendo.identity.google.*}.
 *
 * @param jwksUri Google's signing keys ({@code https://www.googleapis.com/oauth2/v3/certs})
 * @param issuers accepted {@code iss} values
 * @param clientId the OAuth client id, the only accepted {@code aud}
 * @param clockSkew tolerance for {@code exp}/{@code nbf}/{@code iat}
 * @param jwksCacheTtl how long fetched keys are cached (unknown {@code kid}s refetch sooner)
 * @param httpTimeout connect and read timeout of the key fetch
 */
@ConfigurationProperties("crescendo.identity.google")
public record GoogleProperties(
    URI jwksUri,
    List<String> issuers,
    String clientId,
    @DefaultValue("PT30S") Duration clockSkew,
    @DefaultValue("PT1H") Duration jwksCacheTtl,
    @DefaultValue("PT3S") Duration httpTimeout) {

  public GoogleProperties {
    Objects.requireNonNull(jwksUri, "crescendo.identity.google.jwks-uri");
    Objects.requireNonNull(clientId, "crescendo.identity.google.client-id");
    issuers =
        issuers == null || issuers.isEmpty()
            ? List.of("accounts.google.com", "https://accounts.google.com")
            : List.copyOf(issuers);
  }
}

package io.crescendo.identity.infra.token;

import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /.well-known/jwks.json}: the public signing keys (RFC 7517 JWK Set). */
@RestController
public class JwksController {

  public static final String PATH = "/.well-known/jwks.json";

  private final SigningKeys signingKeys;

  public JwksController(SigningKeys signingKeys) {
    this.signingKeys = signingKeys;
  }

  @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
  public Mono<ResponseEntity<String>> jwks() {
    return signingKeys
        .publicJwkSet()
        .map(
            set ->
                ResponseEntity.ok()
                    .cacheControl(CacheControl.maxAge(Duration.ofSeconds(300)).cachePublic())
                    .contentType(MediaType.APPLICATION_JSON)
                    // publicOnly: never a private parameter, whatever the set holds
                    .body(set.toString(true)));
  }
}

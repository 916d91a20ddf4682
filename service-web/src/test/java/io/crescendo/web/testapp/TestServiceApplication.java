package io.crescendo.web.testapp;

import io.crescendo.web.error.ApiError;
import io.crescendo.web.error.ApiErrorMapper;
import io.crescendo.web.testsupport.TestTokens;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;

/**
 * A service as small as can be, built on service-web alone: its clock stands at {@link
 * TestTokens#NOW}, and it maps one domain exception of its own.
 */
@SpringBootApplication
public class TestServiceApplication {

  @Bean
  Clock clock() {
    return Clock.fixed(TestTokens.NOW, ZoneOffset.UTC);
  }

  @Bean
  ApiErrorMapper thingErrors() {
    return error ->
        error instanceof ThingNotFound
            ? Optional.of(ApiError.detail(HttpStatus.NOT_FOUND, "Not found."))
            : Optional.empty();
  }

  /** The domain exception of this service. */
  static class ThingNotFound extends RuntimeException {}
}

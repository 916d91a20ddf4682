package io.crescendo.study.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Path ids (API-v1 §1.1): anything but a canonical UUID or a positive JSON-safe integer is 404. */
class IdsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "undefined",
        "8D1E2F3A-0000-4000-8000-000000000001",
        "8d1e2f3a00004000800000000000000001",
        "{8d1e2f3a-0000-4000-8000-000000000001}",
        ""
      })
  void aStudyIdMustBeACanonicalUuid(String text) {
    assertNotFound(() -> Ids.study(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "+1", "01", "1.0", "abc", "9007199254740992", "1e3", ""})
  void aNestedIdMustBeAPositiveJsonSafeInteger(String text) {
    assertNotFound(() -> Ids.positive(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "42", "9007199254740991"})
  void validIdsAreRead(String text) {
    assertThat(Ids.positive(text)).isEqualTo(Long.parseLong(text));
    UUID id = UUID.randomUUID();
    assertThat(Ids.study(id.toString())).isEqualTo(id);
  }

  private static void assertNotFound(Runnable parse) {
    assertThatThrownBy(parse::run)
        .isInstanceOfSatisfying(
            ResponseStatusException.class,
            e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND));
  }
}

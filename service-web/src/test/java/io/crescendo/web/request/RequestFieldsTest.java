package io.crescendo.web.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crescendo.web.error.ValidationException;
import io.crescendo.web.request.RequestFields.Fields;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/** Reading named fields from JSON, form, multipart and query, with the original's messages. */
class RequestFieldsTest {

  private final RequestFields requests = new RequestFields(JsonMapper.builder().build());

  private Fields json(String body) {
    return read(MediaType.APPLICATION_JSON, body);
  }

  private Fields read(MediaType type, String body) {
    MockServerHttpRequest.BodyBuilder request = MockServerHttpRequest.post("/api/v1/things");
    if (type != null) {
      request.contentType(type);
    }
    return requests.read(MockServerWebExchange.from(request.body(body))).block();
  }

  private Fields query(String query) {
    return requests.query(
        MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/things?" + query)));
  }

  private Fields multipart(String... nameValues) {
    String boundary = "b0undary";
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < nameValues.length; i += 2) {
      body.append("--")
          .append(boundary)
          .append("\r\nContent-Disposition: form-data; name=\"")
          .append(nameValues[i])
          .append("\"\r\n\r\n")
          .append(nameValues[i + 1])
          .append("\r\n");
    }
    body.append("--").append(boundary).append("--\r\n");
    return read(
        MediaType.parseMediaType("multipart/form-data; boundary=" + boundary), body.toString());
  }

  /** The errors {@code reading} records, as {@link Fields#validate()} throws them. */
  private static Map<String, List<String>> errors(Fields fields, Consumer<Fields> reading) {
    reading.accept(fields);
    try {
      fields.validate();
      return Map.of();
    } catch (ValidationException e) {
      return e.errors();
    }
  }

  // ------------------------------------------------------------------ bodies

  @Test
  void aJsonBodyWithoutLengthIsCutOffAtTheLimitWith413() {
    // no Content-Length (chunked): the limit applies while the body streams in
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'x');
    var request =
        MockServerHttpRequest.post("/api/v1/things")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Flux.range(0, 8).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(chunk)));
    assertThatThrownBy(() -> requests.read(MockServerWebExchange.from(request)).block())
        .isInstanceOfSatisfying(
            ResponseStatusException.class,
            e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE));
  }

  @Test
  void aMultipartBodyWithoutBoundaryIs400NotAServerError() {
    // found by deploy/reliability (HostileInputIT): every service answered 500
    for (String type :
        List.of(
            "multipart/form-data",
            "multipart/form-data; boundary=other",
            "multipart/form-data; boundary=\"\"")) {
      assertThatThrownBy(() -> read(MediaType.parseMediaType(type), "--b\r\nbroken"))
          .as(type)
          .isInstanceOfSatisfying(
              ResponseStatusException.class,
              e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST));
    }
  }

  @Test
  void aNulCharacterIsAFieldErrorAsInTheOriginal() {
    // found by deploy/reliability (HostileInputIT): a submission titled "a\u0000b" answered 500
    // (PostgreSQL refuses NUL in text)
    Fields fields = json("{\"title\": \"a\\u0000b\", \"tags\": [\"x\\u0000\"]}");
    assertThat(
            errors(
                fields,
                f -> {
                  f.requiredString("title", 64);
                  f.stringList("tags", 20);
                }))
        .isEqualTo(
            Map.of(
                "title", List.of("Null characters are not allowed."),
                "tags", List.of("Null characters are not allowed.")));
  }

  @Test
  void aLoneSurrogateIsNotAValidString() {
    // found by deploy/reliability (HostileInputIT): such a password made Argon2 throw (login 500)
    Fields fields = json("{\"password\": \"ok\\ud800\", \"name\": \"\\ud83d\\ude00 ok\"}");
    assertThat(errors(fields, f -> f.requiredString("password", 128)))
        .isEqualTo(Map.of("password", List.of("Not a valid string.")));
    assertThat(json("{\"name\": \"\\ud83d\\ude00 ok\"}").requiredString("name", 10))
        .isEqualTo("\ud83d\ude00 ok");
  }

  @Test
  void jsonKeepsItsTypes() {
    Fields fields = json("{\"name\": 42, \"title\": \"Spring\"}");
    assertThat(fields.requiredString("title", 10)).isEqualTo("Spring");
    assertThat(fields.requiredString("name", 10)).isNull();
    assertThatThrownBy(fields::validate)
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.errors()).isEqualTo(Map.of("name", List.of("Not a valid string."))));
  }

  @Test
  void noBodyOrNoContentTypeIsAnEmptyJsonObject() {
    assertThat(errors(read(null, ""), f -> f.optionalString("name", 10))).isEmpty();
    assertThat(read(null, "{\"name\": \"x\"}").requiredString("name", 10)).isEqualTo("x");
    assertThat(errors(json(""), f -> f.requiredString("name", 10)))
        .isEqualTo(Map.of("name", List.of("This field is required.")));
  }

  @Test
  void formFieldsAreStringsAndTheLastRepetitionWins() {
    Fields fields = read(MediaType.APPLICATION_FORM_URLENCODED, "name=first&name=last&limit=4");
    assertThat(fields.requiredString("name", 10)).isEqualTo("last");
    assertThat(fields.requiredInteger("limit", 2, 10)).isEqualTo(4);
  }

  @Test
  void multipartFieldsAreStringsWithEveryRepetition() {
    Fields fields = multipart("name", "Spring", "tags", "java", "tags", "web");
    assertThat(fields.requiredString("name", 10)).isEqualTo("Spring");
    assertThat(fields.stringList("tags", 10)).containsExactly("java", "web");
  }

  @Test
  void multipartFilePartsAreReadByNameAndTheLastRepetitionWins() {
    String boundary = "b0undary";
    String body =
        "--b0undary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nSpring\r\n"
            + "--b0undary\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n"
            + "Content-Type: image/png\r\n\r\nfirst\r\n"
            + "--b0undary\r\nContent-Disposition: form-data; name=\"image\"; filename=\"b.png\"\r\n"
            + "Content-Type: image/png\r\n\r\nsecond\r\n"
            + "--b0undary\r\nContent-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n\r\n"
            + "--b0undary--\r\n";
    Fields fields =
        read(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary), body);

    FilePart image = fields.file("image").orElseThrow();
    assertThat(image.filename()).isEqualTo("b.png");
    String content =
        DataBufferUtils.join(image.content())
            .map(buffer -> buffer.toString(StandardCharsets.UTF_8))
            .block();
    assertThat(content).isEqualTo("second");
    assertThat(fields.file("empty")).hasValueSatisfying(f -> assertThat(f.filename()).isEmpty());
    assertThat(fields.file("title")).isEmpty();
    assertThat(fields.file("missing")).isEmpty();
    assertThat(fields.contains("image")).isTrue();
    assertThat(fields.contains("title")).isTrue();
    assertThat(fields.contains("missing")).isFalse();
    assertThat(fields.requiredString("title", 10)).isEqualTo("Spring");
  }

  @Test
  void otherBodiesHaveNoFileParts() {
    assertThat(json("{\"image\": \"x\"}").file("image")).isEmpty();
    assertThat(json("{\"image\": null}").contains("image")).isTrue();
  }

  @Test
  void blankTextValuesAreToldApartFromAbsentOnes() {
    Fields fields = multipart("spaces", "  ", "text", "x");
    assertThat(read(MediaType.APPLICATION_FORM_URLENCODED, "empty=").isBlank("empty")).isTrue();
    assertThat(fields.isBlank("spaces")).isTrue();
    assertThat(fields.isBlank("text")).isFalse();
    assertThat(fields.isBlank("missing")).isFalse();
    assertThat(json("{\"image\": null}").isBlank("image")).isTrue();
  }

  @Test
  void otherMediaTypesAre415() {
    StepVerifier.create(
            requests.read(
                MockServerWebExchange.from(
                    MockServerHttpRequest.post("/")
                        .contentType(MediaType.TEXT_PLAIN)
                        .body("hello"))))
        .verifyError(UnsupportedMediaTypeStatusException.class);
  }

  @Test
  void malformedJsonOrANonObjectIs400() {
    for (String body : List.of("{\"name\": ", "[1, 2]", "42")) {
      StepVerifier.create(
              requests.read(
                  MockServerWebExchange.from(
                      MockServerHttpRequest.post("/")
                          .contentType(MediaType.APPLICATION_JSON)
                          .body(body))))
          .expectErrorSatisfies(
              e ->
                  assertThat(((ResponseStatusException) e).getStatusCode())
                      .isEqualTo(HttpStatus.BAD_REQUEST))
          .verify();
    }
  }

  @Test
  void oversizedJsonIs413() {
    String body = "{\"name\": \"" + "x".repeat(RequestFields.MAX_BODY_BYTES) + "\"}";
    StepVerifier.create(
            requests.read(
                MockServerWebExchange.from(
                    MockServerHttpRequest.post("/")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(body))))
        .expectErrorSatisfies(
            e ->
                assertThat(((ResponseStatusException) e).getStatusCode())
                    .isEqualTo(HttpStatus.CONTENT_TOO_LARGE))
        .verify();
  }

  @Test
  void queryParametersAreFieldsAndTheLastRepetitionWins() {
    Fields fields = query("truncate=12&truncate=120&categories=AI&categories=Backend&flag");
    assertThat(fields.requiredInteger("truncate", 0, 150)).isEqualTo(120);
    assertThat(fields.stringList("categories", 20)).containsExactly("AI", "Backend");
    assertThat(fields.optionalInteger("flag", 0, 1)).isNull();
  }

  // ------------------------------------------------------------------ strings

  @Test
  void requiredStringRules() {
    assertThat(
            errors(
                json("{\"b\": null, \"c\": \"  \", \"d\": \"가나다\", \"e\": \"가나다라\"}"),
                f -> {
                  f.requiredString("a", 3);
                  f.requiredString("b", 3);
                  f.requiredString("c", 3);
                  assertThat(f.requiredString("d", 3)).isEqualTo("가나다");
                  f.requiredString("e", 3);
                }))
        .containsExactly(
            Map.entry("a", List.of("This field is required.")),
            Map.entry("b", List.of("This field may not be null.")),
            Map.entry("c", List.of("This field may not be blank.")),
            Map.entry("e", List.of("Ensure this field has no more than 3 characters.")));
  }

  @Test
  void optionalStringIsNullWhenAbsentOrNull() {
    Fields fields = json("{\"b\": null}");
    assertThat(fields.optionalString("a", 3)).isNull();
    assertThat(fields.optionalString("b", 3)).isNull();
    fields.validate();
  }

  // ------------------------------------------------------------------ integers

  @Test
  void requiredIntegerTakesJsonIntegersAndNumericStrings() {
    Fields fields = json("{\"a\": 7, \"b\": \"8\", \"c\": \" -2 \", \"d\": \"+3\"}");
    assertThat(fields.requiredInteger("a", 0, 10)).isEqualTo(7);
    assertThat(fields.requiredInteger("b", 0, 10)).isEqualTo(8);
    assertThat(fields.requiredInteger("c", -5, 10)).isEqualTo(-2);
    assertThat(fields.requiredInteger("d", 0, 10)).isEqualTo(3);
    fields.validate();
  }

  @Test
  void requiredIntegerRefusesEverythingElse() {
    for (String value : List.of("2.5", "\"2.5\"", "true", "\"abc\"", "\"\"", "[1]", "2.0")) {
      assertThat(errors(json("{\"n\": " + value + "}"), f -> f.requiredInteger("n", 0, 10)))
          .as(value)
          .isEqualTo(Map.of("n", List.of("A valid integer is required.")));
    }
    assertThat(errors(json("{}"), f -> f.requiredInteger("n", 0, 10)))
        .isEqualTo(Map.of("n", List.of("This field is required.")));
    assertThat(errors(json("{\"n\": null}"), f -> f.requiredInteger("n", 0, 10)))
        .isEqualTo(Map.of("n", List.of("This field may not be null.")));
  }

  @Test
  void requiredIntegerIsRangeChecked() {
    assertThat(errors(json("{\"n\": 1}"), f -> f.requiredInteger("n", 2, 10)))
        .isEqualTo(Map.of("n", List.of("Ensure this value is greater than or equal to 2.")));
    assertThat(errors(json("{\"n\": \"11\"}"), f -> f.requiredInteger("n", 2, 10)))
        .isEqualTo(Map.of("n", List.of("Ensure this value is less than or equal to 10.")));
    // beyond int, long and double: still a range error, never an overflow
    assertThat(
            errors(
                json("{\"n\": 123456789012345678901234567890}"),
                f -> f.requiredInteger("n", 2, 10)))
        .isEqualTo(Map.of("n", List.of("Ensure this value is less than or equal to 10.")));
    assertThat(
            errors(json("{\"n\": \"-99999999999999999999\"}"), f -> f.requiredInteger("n", 2, 10)))
        .isEqualTo(Map.of("n", List.of("Ensure this value is greater than or equal to 2.")));
    assertThat(
            errors(
                json("{\"n\": \"" + "9".repeat(1001) + "\"}"), f -> f.requiredInteger("n", 2, 10)))
        .isEqualTo(Map.of("n", List.of("String value too large.")));
  }

  @Test
  void optionalIntegerIsNullWhenAbsentNullOrBlank() {
    Fields fields = read(MediaType.APPLICATION_FORM_URLENCODED, "blank=");
    assertThat(fields.optionalInteger("absent", 1, 10)).isNull();
    assertThat(fields.optionalInteger("blank", 1, 10)).isNull();
    assertThat(json("{\"n\": null}").optionalInteger("n", 1, 10)).isNull();
    fields.validate();
    assertThat(errors(json("{\"n\": 0}"), f -> f.optionalInteger("n", 1, 10)))
        .isEqualTo(Map.of("n", List.of("Ensure this value is greater than or equal to 1.")));
  }

  // ------------------------------------------------------------------ dates

  @Test
  void requiredDateIsExactlyYearMonthDay() {
    assertThat(json("{\"d\": \"2024-03-05\"}").requiredDate("d"))
        .isEqualTo(LocalDate.of(2024, 3, 5));
    for (String value :
        List.of(
            "\"2024-3-5\"",
            "\"2024-02-30\"",
            "\"20240305\"",
            "\"+2024-03-05\"",
            "\"2024-03-05T00:00:00\"",
            "\"\"",
            "20240305")) {
      assertThat(errors(json("{\"d\": " + value + "}"), f -> f.requiredDate("d")))
          .as(value)
          .isEqualTo(
              Map.of(
                  "d",
                  List.of("Date has wrong format. Use one of these formats instead: YYYY-MM-DD.")));
    }
    assertThat(errors(json("{}"), f -> f.requiredDate("d")))
        .isEqualTo(Map.of("d", List.of("This field is required.")));
  }

  // ------------------------------------------------------------------ string lists

  @Test
  void stringListFromAJsonArray() {
    assertThat(json("{\"tags\": [\"java\", \"web\"]}").stringList("tags", 10))
        .containsExactly("java", "web");
    assertThat(json("{\"tags\": []}").stringList("tags", 10)).isEmpty();
    assertThat(json("{}").stringList("tags", 10)).isEmpty();
  }

  @Test
  void stringListFromRepeatedFormValues() {
    assertThat(
            read(MediaType.APPLICATION_FORM_URLENCODED, "tags=java&tags=web&x=1")
                .stringList("tags", 10))
        .containsExactly("java", "web");
  }

  @Test
  void stringListChecksEveryItem() {
    assertThat(
            errors(
                json("{\"tags\": [\"ok\", \"\", 3, null, \"much-too-long\", \" \"]}"),
                f -> assertThat(f.stringList("tags", 5)).containsExactly("ok")))
        .isEqualTo(
            Map.of(
                "tags",
                List.of(
                    "This field may not be blank.",
                    "Not a valid string.",
                    "This field may not be null.",
                    "Ensure this field has no more than 5 characters.")));
    assertThat(errors(json("{\"tags\": \"java\"}"), f -> f.stringList("tags", 5)))
        .isEqualTo(Map.of("tags", List.of("Expected a list of items.")));
    assertThat(errors(json("{\"tags\": null}"), f -> f.stringList("tags", 5)))
        .isEqualTo(Map.of("tags", List.of("This field may not be null.")));
  }

  // ------------------------------------------------------------------ errors

  @Test
  void errorsKeepTheOrderOfTheFieldsAndExtraRejections() {
    Map<String, List<String>> errors =
        errors(
            json("{}"),
            f -> {
              f.requiredString("zeta", 3);
              f.requiredString("alpha", 3);
              f.reject("zeta", "Another problem.");
            });
    assertThat(errors.keySet()).containsExactly("zeta", "alpha");
    assertThat(errors.get("zeta")).containsExactly("This field is required.", "Another problem.");
  }
}

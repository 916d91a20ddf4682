package io.crescendo.web.request;

import io.crescendo.web.error.ValidationException;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a request's named fields, whatever the client sent: JSON (the contract), or form-urlencoded
 * and multipart as the original backend accepted (API-v1 §1.2), and query parameters. Values keep
 * their JSON types so that a number where a string belongs is a field error, not a silent coercion;
 * form and query values are strings, so the typed readers accept numeric strings where the original
 * did.
 */
public class RequestFields {

  /**
   * A JSON body beyond this is answered 413. Room for a study's HTML {@code post_content} (at least
   * 20 000 characters, API-v1 §5.3.2), three UTF-8 bytes each for Hangul, plus JSON escapes.
   */
  static final int MAX_BODY_BYTES = 256 * 1024;

  private final JsonMapper json;

  public RequestFields(JsonMapper json) {
    this.json = json;
  }

  /**
   * The body's fields. No body (or no {@code Content-Type}) counts as an empty JSON object; any
   * media type other than JSON, form-urlencoded and multipart is answered 415.
   */
  public Mono<Fields> read(ServerWebExchange exchange) {
    MediaType type = exchange.getRequest().getHeaders().getContentType();
    if (type == null || MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
      return readJson(exchange);
    }
    if (MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
      return exchange
          .getFormData()
          .map(Fields::ofStrings)
          .onErrorMap(DecodingException.class, e -> malformed());
    }
    if (MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
      return exchange
          .getMultipartData()
          .map(
              parts -> {
                MultiValueMap<String, String> values = new LinkedMultiValueMap<>();
                Map<String, FilePart> files = new LinkedHashMap<>();
                parts.forEach(
                    (name, list) ->
                        list.forEach(
                            part -> {
                              switch (part) {
                                case FormFieldPart field -> values.add(name, field.value());
                                // a repeated file part: the last wins, as for single values
                                case FilePart file -> files.put(name, file);
                                default -> {}
                              }
                            }));
                return Fields.ofStrings(values).withFiles(files);
              })
          // no or another boundary, a body cut off: the client's fault, not a 500
          .onErrorMap(DecodingException.class, e -> malformed());
    }
    return Mono.error(
        new UnsupportedMediaTypeStatusException(
            type,
            List.of(
                MediaType.APPLICATION_JSON,
                MediaType.APPLICATION_FORM_URLENCODED,
                MediaType.MULTIPART_FORM_DATA)));
  }

  /** The query parameters as fields (a repeated single-valued parameter: the last wins, §1.1). */
  public Fields query(ServerWebExchange exchange) {
    return Fields.ofStrings(exchange.getRequest().getQueryParams());
  }

  private Mono<Fields> readJson(ServerWebExchange exchange) {
    // refused before reading a byte when the client says how much is coming
    if (exchange.getRequest().getHeaders().getContentLength() > MAX_BODY_BYTES) {
      return Mono.error(tooLarge());
    }
    return DataBufferUtils.join(exchange.getRequest().getBody(), MAX_BODY_BYTES)
        .map(
            buffer -> {
              try {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                return bytes;
              } finally {
                DataBufferUtils.release(buffer);
              }
            })
        .map(this::parseObject)
        .defaultIfEmpty(Fields.ofJson(Map.of()))
        .onErrorMap(DataBufferLimitException.class, e -> tooLarge());
  }

  private static ResponseStatusException malformed() {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, "Malformed request body.");
  }

  private static ResponseStatusException tooLarge() {
    return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "Request body too large.");
  }

  private Fields parseObject(byte[] bytes) {
    if (bytes.length == 0) {
      return Fields.ofJson(Map.of());
    }
    Object value;
    try {
      value = json.readValue(bytes, Object.class);
    } catch (JacksonException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "JSON parse error.");
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Expected a JSON object.");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    map.forEach((k, v) -> values.put(String.valueOf(k), v));
    return Fields.ofJson(values);
  }

  /**
   * Named values of one request, with the rules every endpoint needs to read them. Each reader
   * records what is wrong with its field and returns null (an empty list for {@link #stringList});
   * {@link #validate()} then throws every recorded error at once. The messages are those of the
   * original backend (Django REST framework), which the frontend shows verbatim.
   */
  public static final class Fields {

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    // longer numeric strings are refused before parsing them
    private static final int MAX_INTEGER_STRING = 1000;

    /** One value per field: the JSON value, or the last of a repeated form or query value. */
    private final Map<String, Object> values;

    /** Every value of a repeated form, multipart or query field; empty for JSON. */
    private final Map<String, List<String>> repeated;

    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    /** The file parts of a multipart body, by name (the last of a repeated name); else empty. */
    private Map<String, FilePart> files = Map.of();

    private Fields(Map<String, Object> values, Map<String, List<String>> repeated) {
      this.values = values;
      this.repeated = repeated;
    }

    private Fields withFiles(Map<String, FilePart> files) {
      this.files = Map.copyOf(files);
      return this;
    }

    /**
     * The file part of this name in a multipart body (the last one if repeated), as the client sent
     * it: its file name may be empty and its content may be empty (a browser form without a chosen
     * file sends such a part); judging that is the caller's business. Empty when no file part has
     * this name (a text part of the same name is read with the string readers).
     */
    public Optional<FilePart> file(String field) {
      return Optional.ofNullable(files.get(field));
    }

    /**
     * Whether this field was sent as a text value that is null or blank (an empty form input), as
     * opposed to absent, a file part, or a value with content.
     */
    public boolean isBlank(String field) {
      if (!values.containsKey(field)) {
        return false;
      }
      Object value = values.get(field);
      return value == null || value instanceof String text && text.isBlank();
    }

    /** Whether the request carries this field at all: a value (null included) or a file part. */
    public boolean contains(String field) {
      return values.containsKey(field) || files.containsKey(field);
    }

    static Fields ofJson(Map<String, Object> values) {
      return new Fields(values, Map.of());
    }

    static Fields ofStrings(MultiValueMap<String, String> strings) {
      Map<String, Object> values = new LinkedHashMap<>();
      Map<String, List<String>> repeated = new LinkedHashMap<>();
      strings.forEach(
          (name, list) -> {
            // "?flag" without "=" has a null value: the empty string a form would send
            List<String> texts = list.stream().map(v -> v == null ? "" : v).toList();
            if (!texts.isEmpty()) {
              values.put(name, texts.getLast());
              repeated.put(name, texts);
            }
          });
      return new Fields(values, repeated);
    }

    /** A required, non-blank string of at most {@code maxLength} characters. */
    public String requiredString(String field, int maxLength) {
      Object value = present(field);
      return value == null ? null : checkedString(field, value, maxLength);
    }

    /** An optional string: null when absent; recorded as an error when present but invalid. */
    public String optionalString(String field, int maxLength) {
      Object value = values.get(field);
      return value == null ? null : checkedString(field, value, maxLength);
    }

    /**
     * A required integer in {@code [min, max]}: a JSON integer, or a string of digits (form fields,
     * query parameters). {@code 2.5}, {@code "2.5"}, {@code true} and {@code "abc"} are refused.
     */
    public Integer requiredInteger(String field, int min, int max) {
      Object value = present(field);
      return value == null ? null : checkedInteger(field, value, min, max);
    }

    /**
     * An optional integer in {@code [min, max]}: null when absent, null or blank (an empty form
     * input), otherwise as {@link #requiredInteger}.
     */
    public Integer optionalInteger(String field, int min, int max) {
      Object value = values.get(field);
      if (value == null || value instanceof String s && s.isBlank()) {
        return null;
      }
      return checkedInteger(field, value, min, max);
    }

    /** A required calendar date written exactly {@code YYYY-MM-DD} (API-v1 §1.5). */
    public LocalDate requiredDate(String field) {
      Object value = present(field);
      if (value == null) {
        return null;
      }
      if (value instanceof String text && DATE.matcher(text).matches()) {
        try {
          return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
          // 2024-02-30 and the like: same answer as a wrong format
        }
      }
      reject(field, "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.");
      return null;
    }

    /**
     * Zero or more non-blank strings of at most {@code maxLength} characters each: a JSON array of
     * strings, or the values of a repeated form, multipart or query field (one part per value, as
     * the frontend sends a study's categories and tags). Absent → an empty list.
     */
    public List<String> stringList(String field, int maxLength) {
      List<?> items;
      if (repeated.containsKey(field)) {
        items = repeated.get(field);
      } else if (!values.containsKey(field)) {
        return List.of();
      } else if (values.get(field) instanceof List<?> list) {
        items = list;
      } else {
        reject(
            field,
            values.get(field) == null
                ? "This field may not be null."
                : "Expected a list of items.");
        return List.of();
      }
      List<String> strings = new ArrayList<>(items.size());
      for (Object item : items) {
        if (item == null) {
          reject(field, "This field may not be null.");
          continue;
        }
        String text = checkedString(field, item, maxLength);
        if (text != null) {
          strings.add(text);
        }
      }
      return List.copyOf(strings);
    }

    /** Records an error for this field (the same message once per field). */
    public void reject(String field, String message) {
      List<String> messages = errors.computeIfAbsent(field, k -> new ArrayList<>());
      if (!messages.contains(message)) {
        messages.add(message);
      }
    }

    /** Throws the collected field errors, if any. */
    public void validate() {
      if (!errors.isEmpty()) {
        throw new ValidationException(errors);
      }
    }

    /** The value of a required field, or null with "required" / "may not be null" recorded. */
    private Object present(String field) {
      Object value = values.get(field);
      if (value == null) {
        reject(
            field,
            values.containsKey(field) ? "This field may not be null." : "This field is required.");
      }
      return value;
    }

    private String checkedString(String field, Object value, int maxLength) {
      if (!(value instanceof String text)) {
        reject(field, "Not a valid string.");
        return null;
      }
      if (text.isBlank()) {
        reject(field, "This field may not be blank.");
        return null;
      }
      if (!wellFormed(text)) {
        // a lone surrogate (invalid UTF-8 in the body): no encoder or hash function takes it
        reject(field, "Not a valid string.");
        return null;
      }
      if (text.indexOf('\0') >= 0) {
        // the original's message; PostgreSQL cannot store NUL in text (a projection's 500)
        reject(field, "Null characters are not allowed.");
        return null;
      }
      if (text.codePointCount(0, text.length()) > maxLength) {
        reject(field, "Ensure this field has no more than " + maxLength + " characters.");
        return null;
      }
      return text;
    }

    /** Whether every surrogate of {@code text} is half of a pair. */
    private static boolean wellFormed(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)
            && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          return false;
        }
      }
      return true;
    }

    private Integer checkedInteger(String field, Object value, int min, int max) {
      if (value instanceof String text && text.strip().length() > MAX_INTEGER_STRING) {
        reject(field, "String value too large.");
        return null;
      }
      BigInteger number =
          switch (value) {
            case Integer i -> BigInteger.valueOf(i);
            case Long l -> BigInteger.valueOf(l);
            case BigInteger b -> b;
            case String s when INTEGER.matcher(s.strip()).matches() -> new BigInteger(s.strip());
            default -> null;
          };
      if (number == null) {
        reject(field, "A valid integer is required.");
        return null;
      }
      if (number.compareTo(BigInteger.valueOf(min)) < 0) {
        reject(field, "Ensure this value is greater than or equal to " + min + ".");
        return null;
      }
      if (number.compareTo(BigInteger.valueOf(max)) > 0) {
        reject(field, "Ensure this value is less than or equal to " + max + ".");
        return null;
      }
      return number.intValueExact();
    }
  }
}

package io.crescendo.identity.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a request body as named fields, whatever the client sent: JSON (the contract), or
 * form-urlencoded and multipart as the original backend accepted. Values keep their JSON types so
 * that a number where a string belongs is a field error, not a silent coercion.
 */
@Component
public class RequestFields {

  static final int MAX_BODY_BYTES = 64 * 1024;

  private final JsonMapper json;

  public RequestFields(JsonMapper json) {
    this.json = json;
  }

  public Mono<Fields> read(ServerWebExchange exchange) {
    MediaType type = exchange.getRequest().getHeaders().getContentType();
    if (type == null || MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
      return readJson(exchange);
    }
    if (MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
      return exchange
          .getFormData()
          .map(form -> new Fields(new LinkedHashMap<>(form.toSingleValueMap())));
    }
    if (MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
      return exchange
          .getMultipartData()
          .map(
              parts -> {
                Map<String, Object> values = new LinkedHashMap<>();
                parts.forEach(
                    (name, list) ->
                        list.stream()
                            .filter(FormFieldPart.class::isInstance)
                            .reduce((first, last) -> last)
                            .ifPresent(part -> values.put(name, ((FormFieldPart) part).value())));
                return new Fields(values);
              });
    }
    return Mono.error(
        new UnsupportedMediaTypeStatusException(
            type,
            List.of(
                MediaType.APPLICATION_JSON,
                MediaType.APPLICATION_FORM_URLENCODED,
                MediaType.MULTIPART_FORM_DATA)));
  }

  private Mono<Fields> readJson(ServerWebExchange exchange) {
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
        .defaultIfEmpty(new Fields(Map.of()))
        .onErrorMap(
            org.springframework.core.io.buffer.DataBufferLimitException.class,
            e ->
                new ResponseStatusException(
                    HttpStatus.CONTENT_TOO_LARGE, "Request body too large."));
  }

  private Fields parseObject(byte[] bytes) {
    if (bytes.length == 0) {
      return new Fields(Map.of());
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
    return new Fields(values);
  }

  /** Named values of one request, with the rules every endpoint needs to read them. */
  public static final class Fields {

    private final Map<String, Object> values;
    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    Fields(Map<String, Object> values) {
      this.values = values;
    }

    /** A required, non-blank string of at most {@code maxLength} characters, or null (recorded). */
    public String requiredString(String field, int maxLength) {
      Object value = values.get(field);
      if (value == null) {
        reject(
            field,
            values.containsKey(field) ? "This field may not be null." : "This field is required.");
        return null;
      }
      return checkedString(field, value, maxLength);
    }

    /** An optional string: null when absent; recorded as an error when present but invalid. */
    public String optionalString(String field, int maxLength) {
      Object value = values.get(field);
      return value == null ? null : checkedString(field, value, maxLength);
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
      if (text.codePointCount(0, text.length()) > maxLength) {
        reject(field, "Ensure this field has no more than " + maxLength + " characters.");
        return null;
      }
      return text;
    }

    public void reject(String field, String message) {
      errors.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
    }

    /** Throws the collected field errors, if any. */
    public void validate() {
      if (!errors.isEmpty()) {
        throw new ValidationException(errors);
      }
    }
  }
}

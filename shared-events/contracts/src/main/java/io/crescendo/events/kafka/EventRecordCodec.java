package io.crescendo.events.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.crescendo.events.EventCatalog;
import io.crescendo.events.EventDescriptor;
import io.crescendo.events.PublicEvent;
import io.crescendo.events.UnknownEventTypeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts between {@link EventEnvelope} and Kafka records in the CloudEvents Kafka binary content
 * mode: key = aggregate id, value = the event as JSON, attributes in {@link CloudEventHeaders}.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class EventRecordCodec {

  /**
   * The one JSON configuration of public events. Dates as ISO-8601 strings so that anyone can read
   * the topic; unknown properties ignored because fields are added inside a v1 topic and an older
   * consumer must keep working; nulls written so that every property is always present.
   */
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .changeDefaultPropertyInclusion(
              inclusion -> inclusion.withValueInclusion(JsonInclude.Include.ALWAYS))
          .build();

  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,19}");

  private final EventCatalog catalog;

  /** A codec for the {@linkplain EventCatalog#standard() standard catalog}. */
  public EventRecordCodec() {
    this(EventCatalog.standard());
  }

  public EventRecordCodec(EventCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /**
   * The record for an envelope, on the event's topic.
   *
   * @throws IllegalArgumentException if the event is not in the catalog or its type differs from
   *     the envelope's
   */
  public ProducerRecord<String, byte[]> encode(EventEnvelope envelope) {
    EventDescriptor descriptor = catalog.byClass(envelope.data().getClass());
    if (!descriptor.type().equals(envelope.type())) {
      throw new IllegalArgumentException(
          "Envelope type " + envelope.type() + " does not match " + descriptor.type());
    }
    Headers headers = new RecordHeaders();
    header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
    header(headers, CloudEventHeaders.ID, envelope.id());
    header(headers, CloudEventHeaders.SOURCE, envelope.source());
    header(headers, CloudEventHeaders.TYPE, envelope.type());
    header(headers, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(envelope.time()));
    header(headers, CloudEventHeaders.SUBJECT, envelope.subject());
    header(headers, CloudEventHeaders.SEQUENCE, Long.toString(envelope.sequence()));
    header(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.APPLICATION_JSON);
    // No partition (the key decides) and no timestamp: the broker-side time is left to the
    // producer, the event time travels in ce_time.
    return new ProducerRecord<>(
        descriptor.topic().name(),
        null,
        envelope.subject(),
        JSON.writeValueAsBytes(envelope.data()),
        headers);
  }

  /**
   * The envelope of a record.
   *
   * @throws UnknownEventTypeException if {@code ce_type} is not in the catalog (skip or park)
   * @throws MalformedEventRecordException if a header is missing or invalid, or the value is not
   *     valid JSON for the type; the message says where and why
   */
  public EventEnvelope decode(ConsumerRecord<String, byte[]> record) {
    try {
      return decode(record.headers(), record.value());
    } catch (MalformedEventRecordException e) {
      throw new MalformedEventRecordException(
          "%s (record %s-%d@%d)"
              .formatted(e.getMessage(), record.topic(), record.partition(), record.offset()),
          e.getCause());
    }
  }

  /**
   * The envelope of a record given as headers and value, e.g. one read back from a dead-letter
   * topic. The key is not needed: the aggregate id is in {@code ce_subject}.
   *
   * @throws UnknownEventTypeException if {@code ce_type} is not in the catalog (skip or park)
   * @throws MalformedEventRecordException if a header is missing or invalid, or the value is not
   *     valid JSON for the type
   */
  public EventEnvelope decode(Headers headers, byte[] value) {
    String specVersion = required(headers, CloudEventHeaders.SPEC_VERSION);
    if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
      throw new MalformedEventRecordException("Unsupported ce_specversion: " + specVersion);
    }
    String contentType = required(headers, CloudEventHeaders.CONTENT_TYPE);
    if (!isJson(contentType)) {
      throw new MalformedEventRecordException("Unsupported content-type: " + contentType);
    }
    String id = required(headers, CloudEventHeaders.ID);
    String source = required(headers, CloudEventHeaders.SOURCE);
    String type = required(headers, CloudEventHeaders.TYPE);
    Instant time = time(required(headers, CloudEventHeaders.TIME));
    String subject = required(headers, CloudEventHeaders.SUBJECT);
    long sequence = sequence(required(headers, CloudEventHeaders.SEQUENCE));
    // Headers first: an unknown type is reported as such, not as a JSON problem.
    EventDescriptor descriptor = catalog.byType(type);
    PublicEvent data = payload(value, descriptor);
    return new EventEnvelope(id, source, type, time, subject, sequence, data);
  }

  private static PublicEvent payload(byte[] value, EventDescriptor descriptor) {
    if (value == null || value.length == 0) {
      throw new MalformedEventRecordException("Record has no value for " + descriptor.type());
    }
    PublicEvent data;
    try {
      data = JSON.readValue(value, descriptor.eventClass());
    } catch (JacksonException e) {
      throw new MalformedEventRecordException(
          "Invalid JSON for " + descriptor.type() + ": " + e.getOriginalMessage(), e);
    }
    if (data == null) {
      throw new MalformedEventRecordException("JSON null value for " + descriptor.type());
    }
    return data;
  }

  private static void header(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(UTF_8));
  }

  private static String required(Headers headers, String name) {
    Header header = headers == null ? null : headers.lastHeader(name);
    if (header == null || header.value() == null) {
      throw new MalformedEventRecordException("Missing header " + name);
    }
    String value = new String(header.value(), UTF_8);
    if (value.isBlank()) {
      throw new MalformedEventRecordException("Empty header " + name);
    }
    return value;
  }

  /** Media type parameters ({@code ; charset=utf-8}) are allowed: JSON is UTF-8 anyway. */
  private static boolean isJson(String contentType) {
    int semicolon = contentType.indexOf(';');
    String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return mediaType.strip().equalsIgnoreCase(CloudEventHeaders.APPLICATION_JSON);
  }

  /** RFC 3339; offsets other than {@code Z} are accepted from foreign producers. */
  private static Instant time(String value) {
    try {
      return DateTimeFormatter.ISO_INSTANT.parse(value, Instant::from);
    } catch (DateTimeParseException e) {
      throw new MalformedEventRecordException("Invalid ce_time: " + value, e);
    }
  }

  /** A plain decimal: no sign, no blanks, fits a long. */
  private static long sequence(String value) {
    if (DECIMAL.matcher(value).matches()) {
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException tooLarge) {
        // reported below
      }
    }
    throw new MalformedEventRecordException("Invalid ce_sequence: " + value);
  }
}

package io.crescendo.events.kafka;

import java.util.List;

/**
 * Kafka header names and fixed values of the CloudEvents 1.0 Kafka protocol binding, binary content
 * mode: the event attributes travel as {@code ce_*} headers, the record value is the event JSON.
 * Header values are UTF-8 strings.
 */
public final class CloudEventHeaders {

  /** Always {@value #SPEC_VERSION_1_0}. */
  public static final String SPEC_VERSION = "ce_specversion";

  /** Unique per event (the Axon event identifier): a redelivered record has the same id. */
  public static final String ID = "ce_id";

  /** The publishing service, e.g. {@code /crescendo/identity-service}. */
  public static final String SOURCE = "ce_source";

  /** {@code crescendo.<context>.<SimpleName>.v<major>}, selects the payload class. */
  public static final String TYPE = "ce_type";

  /** When the event was stored, RFC 3339 in UTC ({@code 2025-03-01T09:30:00.123Z}). */
  public static final String TIME = "ce_time";

  /** The aggregate id, also the record key. */
  public static final String SUBJECT = "ce_subject";

  /**
   * The aggregate sequence number as a decimal string (CloudEvents sequence extension). Compare
   * numerically: consumers use it to apply each event once and in order per aggregate.
   */
  public static final String SEQUENCE = "ce_sequence";

  /** Media type of the record value, always {@value #APPLICATION_JSON} here. */
  public static final String CONTENT_TYPE = "content-type";

  public static final String SPEC_VERSION_1_0 = "1.0";
  public static final String APPLICATION_JSON = "application/json";

  /** Every header the codec writes and requires on read. */
  public static final List<String> ALL =
      List.of(SPEC_VERSION, ID, SOURCE, TYPE, TIME, SUBJECT, SEQUENCE, CONTENT_TYPE);

  private CloudEventHeaders() {}
}

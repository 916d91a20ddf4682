package io.crescendo.events.consumer;

/**
 * Headers added to a record parked on a subscription's dead-letter topic ({@code <name>.dlt}), next
 * to the original key, value and headers. Values are UTF-8 strings.
 */
public final class DeadLetterHeaders {

  /** Why the record was parked, e.g. {@code malformed record: Missing header ce_type}. */
  public static final String REASON = "crescendo_dlt_reason";

  /** Class name of the exception that parked it. */
  public static final String EXCEPTION = "crescendo_dlt_exception";

  /** Where the record came from: topic, partition and offset. */
  public static final String TOPIC = "crescendo_dlt_topic";

  public static final String PARTITION = "crescendo_dlt_partition";
  public static final String OFFSET = "crescendo_dlt_offset";

  /** The subscription (consumer group) that parked it. */
  public static final String SUBSCRIPTION = "crescendo_dlt_subscription";

  private DeadLetterHeaders() {}
}

package io.crescendo.events.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crescendo.events.EventCatalog;
import io.crescendo.events.EventDescriptor;
import io.crescendo.events.PublicEvent;
import io.crescendo.events.TopicSpec;
import io.crescendo.events.UnknownEventTypeException;
import io.crescendo.events.assignment.AssignmentCreated;
import io.crescendo.events.assignment.AssignmentDeleted;
import io.crescendo.events.assignment.AssignmentUpdated;
import io.crescendo.events.assignment.SubmissionCreated;
import io.crescendo.events.assignment.SubmissionDeleted;
import io.crescendo.events.assignment.SubmissionUpdated;
import io.crescendo.events.identity.UserDeleted;
import io.crescendo.events.identity.UserRegistered;
import io.crescendo.events.identity.UsernameChanged;
import io.crescendo.events.study.HeadImageChanged;
import io.crescendo.events.study.JoinRequestApproved;
import io.crescendo.events.study.JoinRequestRejected;
import io.crescendo.events.study.JoinRequestWithdrawn;
import io.crescendo.events.study.JoinRequested;
import io.crescendo.events.study.MemberRemoved;
import io.crescendo.events.study.StudyGroupCreated;
import io.crescendo.events.study.StudyGroupDeleted;
import io.crescendo.events.study.StudyGroupUpdated;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventRecordCodecTest {

  private static final UUID USER = UUID.fromString("3f2c1a8e-6d0b-4c2e-9a51-7b8d2e4f6a10");
  private static final UUID STUDY = UUID.fromString("8d1e2f3a-4b5c-4d6e-8f70-a1b2c3d4e5f6");
  private static final Instant OCCURRED = Instant.parse("2025-03-01T09:30:00.123Z");
  private static final Instant STORED = Instant.parse("2025-03-01T09:30:00.125Z");
  private static final String SOURCE = "/crescendo/identity-service";

  /** One sample per catalog entry; {@link #everyCatalogEventHasASample} keeps it complete. */
  private static final Map<Class<? extends PublicEvent>, PublicEvent> SAMPLES = samples();

  private static final List<String> ALL_HEADERS = CloudEventHeaders.ALL;

  private final EventRecordCodec codec = new EventRecordCodec();
  private final JsonMapper plainJson = JsonMapper.builder().build();

  private static Map<Class<? extends PublicEvent>, PublicEvent> samples() {
    Map<Class<? extends PublicEvent>, PublicEvent> samples = new LinkedHashMap<>();
    samples.put(UserRegistered.class, new UserRegistered(USER, "ada@example.com", "ada", OCCURRED));
    samples.put(UsernameChanged.class, new UsernameChanged(USER, "에이다", OCCURRED));
    samples.put(UserDeleted.class, new UserDeleted(USER, OCCURRED));
    samples.put(
        StudyGroupCreated.class,
        new StudyGroupCreated(
            STUDY,
            USER,
            1L,
            "스프링 스터디 모집",
            "Spring 4",
            "<h2>모집</h2><p class=\"ql-align-center\">매주 <strong>화요일</strong></p>",
            List.of("Backend", "DevOps"),
            List.of("spring", "자바"),
            4,
            LocalDate.of(2025, 3, 10),
            LocalDate.of(2025, 6, 30),
            LocalDate.of(2025, 3, 7),
            null,
            OCCURRED));
    samples.put(
        StudyGroupUpdated.class,
        new StudyGroupUpdated(
            STUDY,
            "스프링 스터디 모집 (2기)",
            "Spring 4",
            "<p>주 2회</p>",
            List.of("Backend"),
            List.of(),
            6,
            LocalDate.of(2025, 3, 10),
            LocalDate.of(2025, 7, 31),
            LocalDate.of(2025, 3, 8),
            OCCURRED));
    samples.put(HeadImageChanged.class, new HeadImageChanged(STUDY, "3f9a0c1e-head.png", OCCURRED));
    samples.put(StudyGroupDeleted.class, new StudyGroupDeleted(STUDY, OCCURRED));
    samples.put(
        JoinRequested.class,
        new JoinRequested(STUDY, 9_007_199_254_740_991L, USER, "함께하고 싶어요!", OCCURRED));
    samples.put(
        JoinRequestApproved.class, new JoinRequestApproved(STUDY, 12L, USER, 34L, OCCURRED));
    samples.put(JoinRequestRejected.class, new JoinRequestRejected(STUDY, 12L, USER, OCCURRED));
    samples.put(JoinRequestWithdrawn.class, new JoinRequestWithdrawn(STUDY, 12L, USER, OCCURRED));
    samples.put(MemberRemoved.class, new MemberRemoved(STUDY, 34L, USER, OCCURRED));
    samples.put(
        AssignmentCreated.class,
        new AssignmentCreated(7L, STUDY, USER, "1주차 과제", "JPA 정리하기", OCCURRED));
    samples.put(
        AssignmentUpdated.class,
        new AssignmentUpdated(7L, STUDY, "1주차 과제 (수정)", "JPA 연관관계 정리", OCCURRED));
    samples.put(AssignmentDeleted.class, new AssignmentDeleted(7L, STUDY, OCCURRED));
    samples.put(
        SubmissionCreated.class,
        new SubmissionCreated(
            9L, 7L, STUDY, USER, "제출합니다", "<p><strong>정리</strong> 완료</p>", OCCURRED));
    samples.put(
        SubmissionUpdated.class,
        new SubmissionUpdated(9L, 7L, STUDY, "다시 제출", "<p>수정</p>", OCCURRED));
    samples.put(SubmissionDeleted.class, new SubmissionDeleted(9L, 7L, STUDY, OCCURRED));
    return samples;
  }

  static Stream<PublicEvent> samplesOfEveryType() {
    return SAMPLES.values().stream();
  }

  @Test
  void everyCatalogEventHasASample() {
    assertThat(SAMPLES.keySet())
        .containsExactlyInAnyOrderElementsOf(
            EventCatalog.standard().events().stream().map(EventDescriptor::eventClass).toList());
  }

  @ParameterizedTest
  @MethodSource("samplesOfEveryType")
  void roundTripsEveryEventType(PublicEvent event) {
    EventEnvelope envelope = envelope(event, 7);

    ProducerRecord<String, byte[]> record = codec.encode(envelope);

    EventDescriptor descriptor = EventCatalog.standard().byClass(event.getClass());
    assertThat(record.topic()).isEqualTo(descriptor.topic().name());
    assertThat(record.key()).isEqualTo(envelope.subject());
    assertThat(record.partition()).isNull();
    assertThat(codec.decode(consumed(record))).isEqualTo(envelope);
    assertThat(codec.decode(record.headers(), record.value())).isEqualTo(envelope);
  }

  @ParameterizedTest
  @MethodSource("samplesOfEveryType")
  void jsonFieldNamesAreTheRecordComponentNames(PublicEvent event) {
    JsonNode json = plainJson.readTree(codec.encode(envelope(event, 0)).value());

    assertThat(json.propertyNames())
        .containsExactly(
            Arrays.stream(event.getClass().getRecordComponents())
                .map(c -> c.getName())
                .toArray(String[]::new));
  }

  @Test
  void writesReadableJson() {
    ProducerRecord<String, byte[]> record =
        codec.encode(envelope(SAMPLES.get(UserRegistered.class), 0));

    assertThat(new String(record.value(), UTF_8))
        .isEqualTo(
            "{\"userId\":\"3f2c1a8e-6d0b-4c2e-9a51-7b8d2e4f6a10\",\"email\":\"ada@example.com\","
                + "\"username\":\"ada\",\"occurredAt\":\"2025-03-01T09:30:00.123Z\"}");
  }

  @Test
  void writesDatesAsIsoDatesAndAnAbsentImageAsNull() {
    JsonNode json =
        plainJson.readTree(codec.encode(envelope(SAMPLES.get(StudyGroupCreated.class), 0)).value());

    assertThat(json.get("startDate").asString()).isEqualTo("2025-03-10");
    assertThat(json.get("deadline").asString()).isEqualTo("2025-03-07");
    assertThat(json.get("categories").isArray()).isTrue();
    assertThat(json.get("headImage").isNull()).isTrue();
    assertThat(json.get("leaderMembershipId").isIntegralNumber()).isTrue();
  }

  @Test
  void writesCloudEventsHeadersExactly() {
    EventEnvelope envelope =
        new EventEnvelope(
            "b7a4c1f0-0000-4000-8000-000000000001",
            SOURCE,
            "crescendo.identity.UsernameChanged.v1",
            STORED,
            USER.toString(),
            42,
            SAMPLES.get(UsernameChanged.class));

    Headers headers = codec.encode(envelope).headers();

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("ce_specversion", "1.0");
    expected.put("ce_id", "b7a4c1f0-0000-4000-8000-000000000001");
    expected.put("ce_source", "/crescendo/identity-service");
    expected.put("ce_type", "crescendo.identity.UsernameChanged.v1");
    expected.put("ce_time", "2025-03-01T09:30:00.125Z");
    expected.put("ce_subject", "3f2c1a8e-6d0b-4c2e-9a51-7b8d2e4f6a10");
    expected.put("ce_sequence", "42");
    expected.put("content-type", "application/json");
    Map<String, String> actual = new LinkedHashMap<>();
    for (Header header : headers) {
      assertThat(actual.put(header.key(), new String(header.value(), UTF_8)))
          .as("duplicate header %s", header.key())
          .isNull();
    }
    assertThat(actual).containsExactlyEntriesOf(expected);
    assertThat(expected.keySet()).containsExactlyElementsOf(ALL_HEADERS);
  }

  @Test
  void writesTimeInUtcWithoutFractionWhenWhole() {
    EventEnvelope envelope =
        EventEnvelope.of(
            "id-1",
            SOURCE,
            Instant.parse("2025-03-01T00:00:00Z"),
            USER.toString(),
            0,
            SAMPLES.get(UserDeleted.class));

    assertThat(header(codec.encode(envelope).headers(), "ce_time"))
        .isEqualTo("2025-03-01T00:00:00Z");
  }

  @Test
  void envelopeOfLooksUpTheType() {
    EventEnvelope envelope =
        EventEnvelope.of(
            "id-1", SOURCE, STORED, USER.toString(), 3, SAMPLES.get(UserDeleted.class));
    assertThat(envelope.type()).isEqualTo("crescendo.identity.UserDeleted.v1");
  }

  @Test
  void refusesToEncodeAMismatchedType() {
    EventEnvelope envelope =
        new EventEnvelope(
            "id-1",
            SOURCE,
            "crescendo.identity.UserRegistered.v1",
            STORED,
            USER.toString(),
            0,
            SAMPLES.get(UserDeleted.class));
    assertThatThrownBy(() -> codec.encode(envelope)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ignoresUnknownJsonProperties() {
    Headers headers = encodedHeaders(SAMPLES.get(UserDeleted.class));
    byte[] value =
        ("{\"userId\":\""
                + USER
                + "\",\"reason\":\"requested\",\"occurredAt\":\"2025-03-01T09:30:00.123Z\","
                + "\"extra\":{\"nested\":[1,2]}}")
            .getBytes(UTF_8);

    assertThat(codec.decode(headers, value).data()).isEqualTo(SAMPLES.get(UserDeleted.class));
  }

  @Test
  void acceptsAnRfc3339TimeWithOffsetFromForeignProducers() {
    Headers headers =
        replaced(
            encodedHeaders(SAMPLES.get(UserDeleted.class)),
            "ce_time",
            "2025-03-01T18:30:00.125+09:00");
    assertThat(codec.decode(headers, json(SAMPLES.get(UserDeleted.class))).time())
        .isEqualTo(STORED);
  }

  @Test
  void unknownTypeIsReportedAsSuch() {
    Headers headers =
        replaced(
            encodedHeaders(SAMPLES.get(UserDeleted.class)),
            "ce_type",
            "crescendo.identity.UserPromoted.v1");

    assertThatThrownBy(() -> codec.decode(headers, "{}".getBytes(UTF_8)))
        .isInstanceOfSatisfying(
            UnknownEventTypeException.class,
            e -> assertThat(e.type()).isEqualTo("crescendo.identity.UserPromoted.v1"));
  }

  @ParameterizedTest
  @FieldSource("ALL_HEADERS")
  void missingHeaderIsMalformed(String name) {
    Headers headers = encodedHeaders(SAMPLES.get(UserDeleted.class));
    headers.remove(name);

    assertThatThrownBy(() -> codec.decode(headers, json(SAMPLES.get(UserDeleted.class))))
        .isInstanceOf(MalformedEventRecordException.class)
        .hasMessageContaining("Missing header " + name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ce_specversion=0.3",
        "ce_specversion=",
        "content-type=application/avro",
        "ce_time=yesterday",
        "ce_time=2025-03-01 09:30:00",
        "ce_sequence=-1",
        "ce_sequence=+1",
        "ce_sequence=1.0",
        "ce_sequence=99999999999999999999",
        "ce_id= ",
      })
  void invalidHeaderIsMalformed(String assignment) {
    String[] parts = assignment.split("=", 2);
    Headers headers = replaced(encodedHeaders(SAMPLES.get(UserDeleted.class)), parts[0], parts[1]);

    assertThatThrownBy(() -> codec.decode(headers, json(SAMPLES.get(UserDeleted.class))))
        .isInstanceOf(MalformedEventRecordException.class)
        .hasMessageContaining(parts[0]);
  }

  @Test
  void contentTypeWithCharsetIsAccepted() {
    Headers headers =
        replaced(
            encodedHeaders(SAMPLES.get(UserDeleted.class)),
            "content-type",
            "application/json; charset=utf-8");
    assertThat(codec.decode(headers, json(SAMPLES.get(UserDeleted.class))).data())
        .isEqualTo(SAMPLES.get(UserDeleted.class));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "{\"userId\":",
        "null",
        "[]",
        "{\"userId\":\"not-a-uuid\",\"occurredAt\":\"2025-03-01T09:30:00Z\"}",
        "{\"userId\":\"3f2c1a8e-6d0b-4c2e-9a51-7b8d2e4f6a10\"}",
        "{\"userId\":\"3f2c1a8e-6d0b-4c2e-9a51-7b8d2e4f6a10\",\"occurredAt\":\"2025-03-01T09:30:00Z\"} trailing",
      })
  void invalidJsonIsMalformed(String value) {
    Headers headers = encodedHeaders(SAMPLES.get(UserDeleted.class));

    assertThatThrownBy(() -> codec.decode(headers, value.getBytes(UTF_8)))
        .isInstanceOf(MalformedEventRecordException.class)
        .hasMessageContaining("crescendo.identity.UserDeleted.v1");
  }

  @Test
  void missingValueIsMalformed() {
    Headers headers = encodedHeaders(SAMPLES.get(UserDeleted.class));
    assertThatThrownBy(() -> codec.decode(headers, null))
        .isInstanceOf(MalformedEventRecordException.class)
        .hasMessageContaining("no value");
  }

  @Test
  void malformedConsumerRecordNamesItsPosition() {
    ProducerRecord<String, byte[]> produced =
        codec.encode(envelope(SAMPLES.get(UserDeleted.class), 0));
    ConsumerRecord<String, byte[]> record =
        new ConsumerRecord<>(
            produced.topic(),
            4,
            1234,
            0L,
            TimestampType.CREATE_TIME,
            -1,
            -1,
            produced.key(),
            "garbage".getBytes(UTF_8),
            produced.headers(),
            Optional.empty());

    assertThatThrownBy(() -> codec.decode(record))
        .isInstanceOf(MalformedEventRecordException.class)
        .hasMessageContaining("crescendo.identity.user.v1-4@1234")
        .hasCauseInstanceOf(tools.jackson.core.JacksonException.class);
  }

  @Test
  void keepsNullsAndCollectionsInJson() {
    TopicSpec topic = new TopicSpec("crescendo.test.probe.v1", 1, Map.of(), List.of(Probe.class));
    EventRecordCodec probeCodec = new EventRecordCodec(new EventCatalog(List.of(topic)));
    Probe probe = new Probe(null, List.of("a", "b"), 5L, true);

    ProducerRecord<String, byte[]> record =
        probeCodec.encode(
            new EventEnvelope("id", "/test", "crescendo.test.Probe.v1", STORED, "s", 0, probe));

    assertThat(new String(record.value(), UTF_8))
        .isEqualTo("{\"note\":null,\"tags\":[\"a\",\"b\"],\"count\":5,\"flag\":true}");
    assertThat(probeCodec.decode(consumed(record)).data()).isEqualTo(probe);
  }

  record Probe(String note, List<String> tags, long count, boolean flag) implements PublicEvent {}

  private static EventEnvelope envelope(PublicEvent event, long sequence) {
    return EventEnvelope.of(
        UUID.nameUUIDFromBytes(event.toString().getBytes(UTF_8)).toString(),
        SOURCE,
        STORED,
        USER.toString(),
        sequence,
        event);
  }

  private Headers encodedHeaders(PublicEvent event) {
    return codec.encode(envelope(event, 1)).headers();
  }

  private byte[] json(PublicEvent event) {
    return codec.encode(envelope(event, 1)).value();
  }

  private static Headers replaced(Headers headers, String name, String value) {
    RecordHeaders copy = new RecordHeaders(headers.toArray());
    copy.remove(name);
    copy.add(name, value.getBytes(UTF_8));
    return copy;
  }

  private static String header(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), UTF_8);
  }

  private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> record) {
    return new ConsumerRecord<>(
        record.topic(),
        0,
        0L,
        0L,
        TimestampType.CREATE_TIME,
        -1,
        -1,
        record.key(),
        record.value(),
        new RecordHeaders(record.headers().toArray()),
        Optional.empty());
  }
}

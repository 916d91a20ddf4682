package io.crescendo.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.events.kafka.CloudEventHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Keeps {@code asyncapi.yaml} in step with {@link Topics}, the {@link EventCatalog} and the event
 * records. The checks run on the shipped document; the mutation tests below prove that each kind of
 * drift is caught.
 */
class AsyncApiDocumentTest {

  private static JsonNode document;

  @BeforeAll
  static void load() throws IOException {
    // From the classpath root: the same resource that is packaged in the jar.
    try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream("/asyncapi.yaml")) {
      assertThat(in).as("asyncapi.yaml on the classpath").isNotNull();
      document = YAMLMapper.builder().build().readTree(in);
    }
  }

  @Test
  void documentMatchesTheCode() {
    assertThat(document.path("asyncapi").asString()).isEqualTo("3.0.0");
    assertThat(problems(document)).isEmpty();
  }

  @Test
  void detectsAMissingTopic() {
    assertThat(problemsAfter(d -> ((ObjectNode) d.get("channels")).remove("assignmentSubmission")))
        .anyMatch(p -> p.contains("crescendo.assignment.submission.v1"));
  }

  @Test
  void detectsATopicThatIsNotInTheCode() {
    assertThat(
            problemsAfter(
                d ->
                    ((ObjectNode) d.get("channels"))
                        .putObject("extra")
                        .put("address", "crescendo.extra.thing.v1")))
        .anyMatch(p -> p.contains("crescendo.extra.thing.v1"));
  }

  @Test
  void detectsChangedPartitionsOrConfigs() {
    assertThat(
            problemsAfter(
                d -> object(d, "/channels/identityUser/bindings/kafka").put("partitions", 3)))
        .anyMatch(p -> p.contains("partitions"));
    assertThat(
            problemsAfter(
                d ->
                    object(d, "/channels/identityUser/bindings/kafka/topicConfiguration")
                        .put("retention.ms", 604800000)))
        .anyMatch(p -> p.contains("retention.ms"));
  }

  @Test
  void detectsAnEventWithoutMessage() {
    assertThat(
            problemsAfter(
                d -> {
                  object(d, "/components/messages").remove("UserDeleted");
                  object(d, "/channels/identityUser/messages").remove("UserDeleted");
                }))
        .anyMatch(p -> p.contains("UserDeleted"));
  }

  @Test
  void detectsAMessageWithoutClass() {
    assertThat(
            problemsAfter(
                d ->
                    object(d, "/components/messages")
                        .putObject("UserPromoted")
                        .put("name", "UserPromoted")))
        .anyMatch(p -> p.contains("UserPromoted"));
  }

  @Test
  void detectsAWrongCeType() {
    assertThat(
            problemsAfter(
                d ->
                    object(
                            d,
                            "/components/messages/UsernameChanged/headers/allOf/1/properties/ce_type")
                        .put("const", "crescendo.identity.UsernameChanged.v2")))
        .anyMatch(p -> p.contains("ce_type"));
  }

  @Test
  void detectsAMissingCloudEventsHeader() {
    assertThat(
            problemsAfter(
                d ->
                    object(d, "/components/schemas/CloudEventHeaders/properties")
                        .remove("ce_sequence")))
        .anyMatch(p -> p.contains("ce_sequence"));
  }

  @Test
  void detectsPayloadDrift() {
    assertThat(
            problemsAfter(
                d ->
                    object(d, "/components/schemas/UserRegistered/properties/userId")
                        .remove("format")))
        .anyMatch(p -> p.contains("UserRegistered.userId"));
    assertThat(
            problemsAfter(
                d ->
                    object(d, "/components/schemas/UserRegistered/properties/occurredAt")
                        .put("type", "integer")))
        .anyMatch(p -> p.contains("UserRegistered.occurredAt"));
    assertThat(
            problemsAfter(
                d -> object(d, "/components/schemas/UserDeleted/properties").remove("occurredAt")))
        .anyMatch(p -> p.contains("UserDeleted"));
    assertThat(
            problemsAfter(
                d ->
                    object(d, "/components/schemas/UserDeleted/properties")
                        .putObject("reason")
                        .put("type", "string")))
        .anyMatch(p -> p.contains("reason"));
    assertThat(
            problemsAfter(
                d -> {
                  ArrayNode required =
                      (ArrayNode) d.at("/components/schemas/UsernameChanged/required");
                  required.remove(1);
                }))
        .anyMatch(p -> p.contains("UsernameChanged") && p.contains("required"));
  }

  @Test
  void detectsNullabilityDrift() {
    assertThat(
            problemsAfter(
                d ->
                    object(d, "/components/schemas/HeadImageChanged/properties/headImage")
                        .put("type", "string")))
        .anyMatch(p -> p.contains("HeadImageChanged.headImage") && p.contains("null"));
    assertThat(
            problemsAfter(
                d ->
                    object(d, "/components/schemas/StudyGroupDeleted/properties/studyId")
                        .putArray("type")
                        .add("string")
                        .add("null")))
        .anyMatch(p -> p.contains("StudyGroupDeleted.studyId") && p.contains("null"));
  }

  @Test
  void detectsAChannelWithoutSendOperation() {
    assertThat(problemsAfter(d -> object(d, "/operations").remove("sendStudyStudygroup")))
        .anyMatch(p -> p.contains("crescendo.study.studygroup.v1") && p.contains("send"));
  }

  @Test
  void schemaMappingCoversCollectionsEnumsAndNestedRecords() {
    JsonNode schema =
        YAMLMapper.builder()
            .build()
            .readTree(
                """
                type: object
                required: [tags, level, address, count]
                properties:
                  tags: {type: array, items: {type: string, format: uuid}}
                  level: {type: string, enum: [LOW, HIGH]}
                  address:
                    type: object
                    required: [city]
                    properties:
                      city: {type: string}
                  count: {type: integer}
                """);
    List<String> problems = new ArrayList<>();
    new Checker(schema).schema(schema, Rich.class, "Rich", problems);
    assertThat(problems).isEmpty();

    ((ObjectNode) schema.at("/properties/tags/items")).put("type", "integer");
    ((ArrayNode) schema.at("/properties/level/enum")).remove(0);
    new Checker(schema).schema(schema, Rich.class, "Rich", problems);
    assertThat(problems).hasSize(2);
  }

  enum Level {
    LOW,
    HIGH
  }

  record Address(String city) {}

  record Rich(List<UUID> tags, Level level, Address address, int count) {}

  private static List<String> problems(JsonNode root) {
    return new Checker(root).check(Topics.all(), EventCatalog.standard());
  }

  private static List<String> problemsAfter(Consumer<JsonNode> mutation) {
    JsonNode copy = document.deepCopy();
    mutation.accept(copy);
    List<String> problems = problems(copy);
    assertThat(problems).as("the mutation is detected").isNotEmpty();
    return problems;
  }

  private static ObjectNode object(JsonNode root, String pointer) {
    return (ObjectNode) root.at(pointer);
  }

  /** Compares an AsyncAPI 3.0 document with the code and lists every difference. */
  static final class Checker {

    private final JsonNode root;

    Checker(JsonNode root) {
      this.root = root;
    }

    List<String> check(List<TopicSpec> topics, EventCatalog catalog) {
      List<String> problems = new ArrayList<>();
      Map<String, String> channelIdsByAddress = channels(topics, problems);
      messages(catalog, problems);
      operations(channelIdsByAddress, problems);
      return problems;
    }

    /** Channels against topics; returns channel id by address. */
    private Map<String, String> channels(List<TopicSpec> topics, List<String> problems) {
      Map<String, String> ids = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> channel : root.path("channels").properties()) {
        String address = channel.getValue().path("address").asString("");
        if (ids.put(address, channel.getKey()) != null) {
          problems.add("two channels have address " + address);
        }
      }
      Set<String> names = topics.stream().map(TopicSpec::name).collect(Collectors.toSet());
      for (String address : ids.keySet()) {
        if (!names.contains(address)) {
          problems.add("channel address " + address + " is not a topic in Topics.all()");
        }
      }
      for (TopicSpec topic : topics) {
        String id = ids.get(topic.name());
        if (id == null) {
          problems.add("topic " + topic.name() + " has no channel");
          continue;
        }
        JsonNode channel = root.path("channels").path(id);
        JsonNode kafka = channel.path("bindings").path("kafka");
        String where = "channel " + topic.name();
        if (!kafka.path("topic").asString(topic.name()).equals(topic.name())) {
          problems.add(where + ": bindings.kafka.topic differs from the address");
        }
        if (kafka.path("partitions").asInt(-1) != topic.partitions()) {
          problems.add(where + ": partitions should be " + topic.partitions());
        }
        Map<String, String> configs = new HashMap<>();
        for (Map.Entry<String, JsonNode> config : kafka.path("topicConfiguration").properties()) {
          configs.put(config.getKey(), configValue(config.getValue()));
        }
        if (!configs.equals(topic.configs())) {
          problems.add(where + ": topicConfiguration " + configs + " should be " + topic.configs());
        }
        Set<String> messageNames = new TreeSet<>();
        for (JsonNode message : channel.path("messages").values()) {
          messageNames.add(deref(message).path("name").asString(""));
        }
        Set<String> eventNames =
            topic.events().stream()
                .map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
        if (!messageNames.equals(eventNames)) {
          problems.add(where + ": messages " + messageNames + " should be " + eventNames);
        }
      }
      return ids;
    }

    /** In the Kafka binding cleanup.policy is an array; Kafka itself takes a comma list. */
    private static String configValue(JsonNode value) {
      if (value.isArray()) {
        return value.valueStream().map(JsonNode::asString).collect(Collectors.joining(","));
      }
      return value.asString();
    }

    private void messages(EventCatalog catalog, List<String> problems) {
      Map<String, EventDescriptor> bySimpleName = new HashMap<>();
      catalog.events().forEach(d -> bySimpleName.put(d.eventClass().getSimpleName(), d));

      Map<String, JsonNode> messages = new HashMap<>();
      for (Map.Entry<String, JsonNode> entry :
          root.path("components").path("messages").properties()) {
        String name = entry.getValue().path("name").asString("");
        messages.put(name, entry.getValue());
        if (!bySimpleName.containsKey(name)) {
          problems.add("message " + entry.getKey() + " (name " + name + ") has no event class");
        }
      }
      for (EventDescriptor descriptor : catalog.events()) {
        String name = descriptor.eventClass().getSimpleName();
        JsonNode message = messages.get(name);
        if (message == null) {
          problems.add("event " + descriptor.eventClass().getName() + " has no message " + name);
          continue;
        }
        headers(name, descriptor.type(), message.path("headers"), problems);
        if (!message
            .path("contentType")
            .asString(CloudEventHeaders.APPLICATION_JSON)
            .equals(CloudEventHeaders.APPLICATION_JSON)) {
          problems.add("message " + name + ": contentType should be application/json");
        }
        if (!deref(message.path("bindings").path("kafka").path("key"))
            .path("type")
            .asString("")
            .equals("string")) {
          problems.add("message " + name + ": bindings.kafka.key should be a string schema");
        }
        JsonNode payload = message.path("payload");
        if (payload.isMissingNode()) {
          problems.add("message " + name + " has no payload");
        } else {
          schema(payload, descriptor.eventClass(), name, problems);
        }
      }
    }

    private void headers(String name, String type, JsonNode headers, List<String> problems) {
      Map<String, List<JsonNode>> properties = new HashMap<>();
      Set<String> required = new LinkedHashSet<>();
      collect(headers, properties, required);
      String where = "message " + name + " headers";
      for (String header : CloudEventHeaders.ALL) {
        if (!properties.containsKey(header)) {
          problems.add(where + ": " + header + " is not described");
        }
        if (!required.contains(header)) {
          problems.add(where + ": " + header + " is not required");
        }
      }
      expectConst(where, properties, CloudEventHeaders.TYPE, type, problems);
      expectConst(where, properties, CloudEventHeaders.SPEC_VERSION, "1.0", problems);
      expectConst(where, properties, CloudEventHeaders.CONTENT_TYPE, "application/json", problems);
    }

    private static void expectConst(
        String where,
        Map<String, List<JsonNode>> properties,
        String header,
        String expected,
        List<String> problems) {
      List<String> consts =
          properties.getOrDefault(header, List.of()).stream()
              .filter(p -> p.has("const"))
              .map(p -> p.get("const").asString())
              .toList();
      if (!consts.equals(List.of(expected))) {
        problems.add(where + ": " + header + " const " + consts + " should be " + expected);
      }
    }

    /** Properties and required names of a schema, following $ref and allOf. */
    private void collect(
        JsonNode schema, Map<String, List<JsonNode>> properties, Set<String> required) {
      JsonNode resolved = deref(schema);
      for (Map.Entry<String, JsonNode> property : resolved.path("properties").properties()) {
        properties
            .computeIfAbsent(property.getKey(), k -> new ArrayList<>())
            .add(deref(property.getValue()));
      }
      resolved.path("required").valueStream().forEach(r -> required.add(r.asString()));
      resolved.path("allOf").valueStream().forEach(part -> collect(part, properties, required));
    }

    /** Checks a JSON schema against a Java type, recursively. */
    void schema(JsonNode schema, Type javaType, String path, List<String> problems) {
      schema(schema, javaType, false, path, problems);
    }

    /**
     * As above; {@code nullable} (a record component marked {@link Nullable}) expects {@code type:
     * [<type>, 'null']}, anything else a single type.
     */
    private void schema(
        JsonNode schema, Type javaType, boolean nullable, String path, List<String> problems) {
      JsonNode resolved = deref(schema);
      Class<?> raw = raw(javaType);
      String actualType = type(resolved.path("type"), nullable, path, problems);
      String actualFormat = resolved.path("format").asString(null);

      if (raw.isRecord()) {
        expect(path, "object", null, actualType, actualFormat, problems);
        Map<String, List<JsonNode>> properties = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>();
        collect(resolved, properties, required);
        List<String> components =
            Arrays.stream(raw.getRecordComponents()).map(RecordComponent::getName).toList();
        if (!properties.keySet().equals(new LinkedHashSet<>(components))) {
          problems.add(path + ": properties " + properties.keySet() + " should be " + components);
        }
        if (!required.equals(new LinkedHashSet<>(components))) {
          problems.add(path + ": required " + required + " should be " + components);
        }
        for (RecordComponent component : raw.getRecordComponents()) {
          List<JsonNode> property = properties.get(component.getName());
          if (property != null) {
            schema(
                property.getFirst(),
                component.getGenericType(),
                component.isAnnotationPresent(Nullable.class),
                path + "." + component.getName(),
                problems);
          }
        }
      } else if (raw.isEnum()) {
        expect(path, "string", null, actualType, actualFormat, problems);
        Set<String> expected =
            Arrays.stream(raw.getEnumConstants())
                .map(c -> ((Enum<?>) c).name())
                .collect(Collectors.toSet());
        Set<String> actual =
            resolved.path("enum").valueStream().map(JsonNode::asString).collect(Collectors.toSet());
        if (!actual.equals(expected)) {
          problems.add(path + ": enum " + actual + " should be " + expected);
        }
      } else if (Collection.class.isAssignableFrom(raw)) {
        expect(path, "array", null, actualType, actualFormat, problems);
        schema(resolved.path("items"), typeArgument(javaType, 0), path + "[]", problems);
      } else if (Map.class.isAssignableFrom(raw)) {
        expect(path, "object", null, actualType, actualFormat, problems);
        schema(
            resolved.path("additionalProperties"),
            typeArgument(javaType, 1),
            path + "{}",
            problems);
      } else {
        String[] scalar = SCALARS.get(raw);
        if (scalar == null) {
          problems.add(path + ": no JSON schema mapping for " + javaType + "; extend this test");
        } else {
          expect(path, scalar[0], scalar[1], actualType, actualFormat, problems);
        }
      }
    }

    /**
     * The non-null type named by a schema's {@code type}, checking that null is allowed iff it
     * should be.
     */
    private static String type(
        JsonNode type, boolean nullable, String path, List<String> problems) {
      if (!type.isArray()) {
        if (nullable) {
          problems.add(path + ": may be null, so its type should be [<type>, 'null']");
        }
        return type.asString(null);
      }
      List<String> types = type.valueStream().map(JsonNode::asString).toList();
      if (!nullable || types.size() != 2 || !types.contains("null")) {
        problems.add(
            path
                + ": type "
                + types
                + (nullable ? " should be [<type>, 'null']" : " should be one type, not null"));
        return null;
      }
      return types.get(types.indexOf("null") == 0 ? 1 : 0);
    }

    /** Java type to JSON schema {type, format}. */
    private static final Map<Class<?>, String[]> SCALARS = scalars();

    private static Map<Class<?>, String[]> scalars() {
      Map<Class<?>, String[]> map = new HashMap<>();
      map.put(String.class, new String[] {"string", null});
      map.put(UUID.class, new String[] {"string", "uuid"});
      map.put(Instant.class, new String[] {"string", "date-time"});
      map.put(OffsetDateTime.class, new String[] {"string", "date-time"});
      map.put(LocalDate.class, new String[] {"string", "date"});
      for (Class<?> integer :
          List.of(
              int.class,
              Integer.class,
              long.class,
              Long.class,
              short.class,
              Short.class,
              BigInteger.class)) {
        map.put(integer, new String[] {"integer", null});
      }
      for (Class<?> number :
          List.of(double.class, Double.class, float.class, Float.class, BigDecimal.class)) {
        map.put(number, new String[] {"number", null});
      }
      map.put(boolean.class, new String[] {"boolean", null});
      map.put(Boolean.class, new String[] {"boolean", null});
      return map;
    }

    private static void expect(
        String path,
        String type,
        String format,
        String actualType,
        String actualFormat,
        List<String> problems) {
      if (!type.equals(actualType) || !Objects.equals(format, actualFormat)) {
        problems.add(
            "%s: type %s format %s should be type %s format %s"
                .formatted(path, actualType, actualFormat, type, format));
      }
    }

    private static Class<?> raw(Type type) {
      return type instanceof ParameterizedType parameterized
          ? (Class<?>) parameterized.getRawType()
          : (Class<?>) type;
    }

    private static Type typeArgument(Type type, int index) {
      if (type instanceof ParameterizedType parameterized) {
        return parameterized.getActualTypeArguments()[index];
      }
      throw new IllegalArgumentException("raw collection type " + type);
    }

    /** Each channel has exactly one send operation listing exactly the channel's messages. */
    private void operations(Map<String, String> channelIdsByAddress, List<String> problems) {
      Map<String, List<JsonNode>> sendsByChannel = new HashMap<>();
      for (JsonNode operation : root.path("operations").values()) {
        if (!"send".equals(operation.path("action").asString(""))) {
          continue;
        }
        String ref = operation.path("channel").path("$ref").asString("");
        sendsByChannel.computeIfAbsent(ref, k -> new ArrayList<>()).add(operation);
      }
      for (Map.Entry<String, String> channel : channelIdsByAddress.entrySet()) {
        String ref = "#/channels/" + channel.getValue();
        List<JsonNode> sends = sendsByChannel.getOrDefault(ref, List.of());
        if (sends.size() != 1) {
          problems.add(
              "channel "
                  + channel.getKey()
                  + " should have one send operation, has "
                  + sends.size());
          continue;
        }
        Set<String> listed = new TreeSet<>();
        sends
            .getFirst()
            .path("messages")
            .valueStream()
            .forEach(m -> listed.add(m.path("$ref").asString("")));
        Set<String> expected = new TreeSet<>();
        root.path("channels")
            .path(channel.getValue())
            .path("messages")
            .propertyNames()
            .forEach(id -> expected.add(ref + "/messages/" + id));
        if (!listed.equals(expected)) {
          problems.add(
              "send operation of "
                  + channel.getKey()
                  + " lists "
                  + listed
                  + ", should be "
                  + expected);
        }
      }
    }

    /** Follows local {@code $ref}s ({@code #/components/...}). */
    private JsonNode deref(JsonNode node) {
      JsonNode current = node;
      for (int hops = 0; current.has("$ref"); hops++) {
        if (hops > 10) {
          throw new IllegalStateException("$ref cycle at " + node);
        }
        String ref = current.get("$ref").asString();
        if (!ref.startsWith("#")) {
          throw new IllegalArgumentException("only local $ref supported: " + ref);
        }
        current = root.at(ref.substring(1));
      }
      return current;
    }
  }
}

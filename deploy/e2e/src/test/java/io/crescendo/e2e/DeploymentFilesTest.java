package io.crescendo.e2e;

import static io.crescendo.e2e.DeploymentSources.list;
import static io.crescendo.e2e.DeploymentSources.map;
import static io.crescendo.e2e.DeploymentSources.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.crescendo.e2e.DeploymentSources.Doc;
import io.crescendo.e2e.DeploymentSources.TopicSettings;
import io.crescendo.local.launcher.ServiceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment files agree with the code: every topic of {@code Topics.all()} and every
 * subscription's dead-letter topic is created by deploy/kafka/create-topics.sh (which the compose
 * file runs) and declared as a Strimzi {@code KafkaTopic} under deploy/k8s, with the partitions and
 * topic configs of the code; and both the compose file and the kustomization run every service of
 * {@link ServiceSpec#ALL} with its database, the public one (the gateway) with its actuator on a
 * management port that is not published. A plain unit test (no Docker, no cluster): it reads the
 * files.
 */
class DeploymentFilesTest {

  /** Topic configs a deployment may add to the code's (replication is not a config). */
  private static final Set<String> DEPLOYMENT_CONFIGS = Set.of("min.insync.replicas");

  private static final Pattern SCRIPT_DATABASES = Pattern.compile("for\\s+db\\s+in\\s+([^;]+);");

  private static DeploymentSources sources;
  private static Map<String, TopicSettings> expected;
  private static List<String> codeProblems;

  @BeforeAll
  static void readTheCode() {
    sources = DeploymentSources.locate();
    codeProblems = new ArrayList<>();
    expected = sources.expectedTopics(codeProblems);
  }

  @Test
  void theCodeDeclaresTopicsAndSubscriptions() {
    assertNoProblems("reading the code", codeProblems);
    // a sanity floor, so that a scanner that finds nothing cannot pass the other tests
    assertThat(expected.keySet())
        .contains("crescendo.identity.user.v1", "study-service.users.dlt")
        .hasSizeGreaterThan(io.crescendo.events.Topics.all().size());
  }

  @Test
  void theTopicScriptCreatesEveryTopicWithItsSettings() {
    List<String> problems = new ArrayList<>();
    Path script = sources.root.resolve("deploy/kafka/create-topics.sh");
    Map<String, TopicSettings> listed = sources.scriptTopics(script, problems);
    compare("deploy/kafka/create-topics.sh", listed, Set.of(), problems);
    assertNoProblems("deploy/kafka/create-topics.sh", problems);
  }

  @Test
  void composeCreatesTheTopicsAndRunsEveryService() {
    List<String> problems = new ArrayList<>();
    Path composeDir = sources.root.resolve("deploy/compose");
    Path file = composeDir.resolve("compose.yaml");
    Map<String, Object> compose = sources.yamlDocs(file).get(0).body();
    Map<String, Object> services = map(compose.get("services"));

    // the one-shot topic initialisation runs deploy/kafka/create-topics.sh
    String topicInit = null;
    for (var entry : services.entrySet()) {
      Map<String, Object> service = map(entry.getValue());
      String run = flatten(service.get("entrypoint")) + " " + flatten(service.get("command"));
      if (!run.contains("create-topics.sh")) {
        continue;
      }
      topicInit = entry.getKey();
      boolean mounted = false;
      for (Object volume : list(service.get("volumes"))) {
        String[] parts = string(volume).split(":");
        if (parts.length >= 2
            && composeDir.resolve(parts[0]).normalize().equals(sources.root.resolve("deploy/kafka"))
            && run.contains(parts[1] + "/create-topics.sh")) {
          mounted = true;
        }
      }
      if (!mounted) {
        problems.add(
            "compose service "
                + topicInit
                + " must mount ../kafka and run create-topics.sh from there: `"
                + run.strip()
                + "`");
      }
      if (!run.contains("--replication-factor")) {
        problems.add("compose service " + topicInit + " must pass --replication-factor");
      }
    }
    if (topicInit == null) {
      problems.add(
          "no compose service runs deploy/kafka/create-topics.sh: the topics would not be created");
    }

    Set<String> databases = new TreeSet<>();
    for (ServiceSpec spec : ServiceSpec.ALL) {
      Map<String, Object> service = map(services.get(spec.name()));
      if (service.isEmpty()) {
        problems.add("compose.yaml has no service " + spec.name());
        continue;
      }
      if (!string(service.get("image")).contains("crescendo/" + spec.name() + ":")) {
        problems.add("compose service " + spec.name() + " runs " + service.get("image"));
      }
      if (spec.publicFacing()) {
        String management =
            string(map(service.get("environment")).get(ServiceSpec.GATEWAY_MANAGEMENT_PORT));
        if (management == null) {
          problems.add(
              "compose service "
                  + spec.name()
                  + " must set "
                  + ServiceSpec.GATEWAY_MANAGEMENT_PORT
                  + " (else its actuator is on the published port)");
        } else if (list(service.get("ports")).stream()
            .anyMatch(port -> string(port).endsWith(":" + management))) {
          problems.add("compose service " + spec.name() + " publishes its management port");
        }
      }
      if (!spec.hasDatabase()) {
        continue;
      }
      databases.add(spec.database());
      Object replicas = map(service.get("deploy")).get("replicas");
      if (!(replicas instanceof Integer n) || n < 2) {
        problems.add("compose service " + spec.name() + " should run 2 replicas, has " + replicas);
      }
      Map<String, Object> environment = map(service.get("environment"));
      String url = string(environment.get("SPRING_DATASOURCE_URL"));
      if (url == null || !url.endsWith("/" + spec.database())) {
        problems.add(
            "compose service "
                + spec.name()
                + ": SPRING_DATASOURCE_URL "
                + url
                + " is not its"
                + " database "
                + spec.database());
      }
      if (topicInit != null
          && !"service_completed_successfully"
              .equals(map(map(service.get("depends_on")).get(topicInit)).get("condition"))) {
        problems.add(
            "compose service "
                + spec.name()
                + " must depend on "
                + topicInit
                + " (condition service_completed_successfully)");
      }
    }

    // the PostgreSQL init script creates exactly the services' databases
    Set<String> created = new TreeSet<>();
    for (Object volume : list(map(services.get("postgres")).get("volumes"))) {
      String[] parts = string(volume).split(":");
      if (parts.length >= 2 && parts[1].startsWith("/docker-entrypoint-initdb.d/")) {
        Matcher loop =
            SCRIPT_DATABASES.matcher(DeploymentSources.read(composeDir.resolve(parts[0])));
        while (loop.find()) {
          created.addAll(List.of(loop.group(1).strip().split("\\s+")));
        }
      }
    }
    if (!created.equals(databases)) {
      problems.add(
          "compose: the postgres init script creates databases "
              + created
              + ", the services use "
              + databases);
    }
    assertNoProblems("deploy/compose/compose.yaml", problems);
  }

  @Test
  void everyKustomizationDeclaresAKafkaTopicPerTopic() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path dir : kustomizationRoots()) {
      String where = sources.root.relativize(dir).toString().replace('\\', '/');
      List<Doc> docs = sources.kustomizeResources(dir, problems);
      Set<String> kafkaClusters = new TreeSet<>();
      docs.stream().filter(d -> d.kind().equals("Kafka")).forEach(d -> kafkaClusters.add(d.name()));
      Map<String, TopicSettings> declared = new LinkedHashMap<>();
      for (Doc doc : docs) {
        if (!doc.kind().equals("KafkaTopic")) {
          continue;
        }
        Map<String, Object> spec = map(doc.body().get("spec"));
        String name = Objects.requireNonNullElse(string(spec.get("topicName")), doc.name());
        String cluster =
            string(map(map(doc.body().get("metadata")).get("labels")).get("strimzi.io/cluster"));
        if (!kafkaClusters.contains(cluster)) {
          problems.add(
              where
                  + ": KafkaTopic "
                  + name
                  + " names Kafka cluster "
                  + cluster
                  + ", declared: "
                  + kafkaClusters);
        }
        if (!(spec.get("replicas") instanceof Integer replicas) || replicas < 1) {
          problems.add(where + ": KafkaTopic " + name + " sets no replicas");
        }
        Object partitions = spec.get("partitions");
        Map<String, String> configs = new TreeMap<>();
        map(spec.get("config")).forEach((key, value) -> configs.put(key, string(value)));
        declared.put(
            name, new TopicSettings(name, partitions instanceof Integer p ? p : -1, configs));
      }
      compare(where, declared, DEPLOYMENT_CONFIGS, problems);
      for (Doc kustomization : sources.kustomizations(dir, problems)) {
        checkTopicPatches(kustomization, problems);
      }
    }
    assertNoProblems("deploy/k8s", problems);
  }

  @Test
  void everyKustomizationRunsEveryServiceWithItsDatabase() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path dir : kustomizationRoots()) {
      String where = sources.root.relativize(dir).toString().replace('\\', '/');
      List<Doc> docs = sources.kustomizeResources(dir, problems);
      for (ServiceSpec spec : ServiceSpec.ALL) {
        String name = spec.name();
        Doc deployment = find(docs, "Deployment", name);
        if (deployment == null) {
          problems.add(where + ": no Deployment " + name);
        } else {
          checkDeployment(where, spec, deployment, problems);
        }
        Doc service = find(docs, "Service", name);
        if (service == null) {
          problems.add(where + ": no Service " + name);
        } else if (deployment != null && spec.publicFacing()) {
          checkActuatorIsPrivate(where, spec, deployment, service, problems);
        }
        if (docs.stream()
            .filter(d -> d.kind().equals("HorizontalPodAutoscaler"))
            .noneMatch(
                d ->
                    name.equals(
                        string(
                            map(map(d.body().get("spec")).get("scaleTargetRef")).get("name"))))) {
          problems.add(where + ": no HorizontalPodAutoscaler for " + name);
        }
        if (find(docs, "PodDisruptionBudget", name) == null) {
          problems.add(where + ": no PodDisruptionBudget " + name);
        }
      }

      Set<String> databases = new TreeSet<>();
      ServiceSpec.ALL.stream()
          .filter(ServiceSpec::hasDatabase)
          .forEach(s -> databases.add(s.database()));
      Set<String> declared = new TreeSet<>();
      for (Doc doc : docs) {
        Map<String, Object> spec = map(doc.body().get("spec"));
        if (doc.kind().equals("Cluster")) {
          String initial = string(map(map(spec.get("bootstrap")).get("initdb")).get("database"));
          if (initial != null) {
            declared.add(initial);
          }
        } else if (doc.kind().equals("Database")) {
          declared.add(string(spec.get("name")));
        }
      }
      if (!declared.equals(databases)) {
        problems.add(
            where
                + ": CloudNativePG creates databases "
                + declared
                + ", the services use "
                + databases);
      }
    }
    assertNoProblems("deploy/k8s", problems);
  }

  // ------------------------------------------------------------------------------------------

  /** deploy/k8s/base and every overlay. */
  private static List<Path> kustomizationRoots() throws IOException {
    List<Path> roots = new ArrayList<>();
    Path k8s = sources.root.resolve("deploy/k8s");
    roots.add(k8s.resolve("base"));
    Path overlays = k8s.resolve("overlays");
    if (Files.isDirectory(overlays)) {
      try (Stream<Path> children = Files.list(overlays)) {
        children
            .filter(p -> Files.isRegularFile(p.resolve("kustomization.yaml")))
            .sorted()
            .forEach(roots::add);
      }
    }
    return roots;
  }

  private static void checkDeployment(
      String where, ServiceSpec spec, Doc deployment, List<String> problems) {
    Map<String, Object> pod =
        map(map(map(deployment.body().get("spec")).get("template")).get("spec"));
    List<Object> containers = list(pod.get("containers"));
    if (containers.isEmpty()) {
      problems.add(where + ": Deployment " + spec.name() + " has no container");
      return;
    }
    Map<String, Object> container = map(containers.get(0));
    if (!string(container.get("image")).contains("crescendo/" + spec.name())) {
      problems.add(where + ": Deployment " + spec.name() + " runs " + container.get("image"));
    }
    checkProbe(where, spec, container, "readinessProbe", "/actuator/health/readiness", problems);
    checkProbe(where, spec, container, "livenessProbe", "/actuator/health/liveness", problems);
    boolean nonRoot =
        Boolean.TRUE.equals(map(pod.get("securityContext")).get("runAsNonRoot"))
            || Boolean.TRUE.equals(map(container.get("securityContext")).get("runAsNonRoot"));
    if (!nonRoot) {
      problems.add(where + ": Deployment " + spec.name() + " does not set runAsNonRoot");
    }
    if (spec.hasDatabase()) {
      String url = null;
      for (Object variable : list(container.get("env"))) {
        if ("SPRING_DATASOURCE_URL".equals(map(variable).get("name"))) {
          url = string(map(variable).get("value"));
        }
      }
      if (url == null || !url.endsWith("/" + spec.database())) {
        problems.add(
            where
                + ": Deployment "
                + spec.name()
                + ": SPRING_DATASOURCE_URL "
                + url
                + " is not its database "
                + spec.database());
      }
    }
  }

  /**
   * The public service's actuator (Prometheus, health details) is on a container port named {@code
   * management}, set by {@link ServiceSpec#GATEWAY_MANAGEMENT_PORT}; its probes use it and its
   * Service (hence the Ingress) does not route it.
   */
  private static void checkActuatorIsPrivate(
      String where, ServiceSpec spec, Doc deployment, Doc service, List<String> problems) {
    String what = where + ": Deployment " + spec.name();
    List<Object> containers =
        list(
            map(map(map(deployment.body().get("spec")).get("template")).get("spec"))
                .get("containers"));
    if (containers.isEmpty()) {
      return; // reported by checkDeployment
    }
    Map<String, Object> container = map(containers.getFirst());
    String containerPort = null;
    for (Object port : list(container.get("ports"))) {
      if ("management".equals(map(port).get("name"))) {
        containerPort = string(map(port).get("containerPort"));
      }
    }
    String configured = null;
    for (Object variable : list(container.get("env"))) {
      if (ServiceSpec.GATEWAY_MANAGEMENT_PORT.equals(map(variable).get("name"))) {
        configured = string(map(variable).get("value"));
      }
    }
    if (containerPort == null || !containerPort.equals(configured)) {
      problems.add(
          what
              + ": container port `management` ("
              + containerPort
              + ") must be "
              + ServiceSpec.GATEWAY_MANAGEMENT_PORT
              + " ("
              + configured
              + ")");
    }
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      Map<String, Object> httpGet = map(map(container.get(probe)).get("httpGet"));
      if (!httpGet.isEmpty() && !"management".equals(httpGet.get("port"))) {
        problems.add(
            what + ": " + probe + " must use port `management`, uses " + httpGet.get("port"));
      }
    }
    for (Object port : list(map(service.body().get("spec")).get("ports"))) {
      Object target = map(port).get("targetPort");
      if ("management".equals(target) || String.valueOf(target).equals(containerPort)) {
        problems.add(where + ": Service " + spec.name() + " routes the management port");
      }
    }
  }

  private static void checkProbe(
      String where,
      ServiceSpec spec,
      Map<String, Object> container,
      String probe,
      String path,
      List<String> problems) {
    Object actual = map(map(container.get(probe)).get("httpGet")).get("path");
    if (!path.equals(actual)) {
      problems.add(
          where
              + ": Deployment "
              + spec.name()
              + ": "
              + probe
              + " should GET "
              + path
              + ", is "
              + actual);
    }
  }

  /**
   * Patches that reach KafkaTopics may change the replication (and min.insync.replicas), never the
   * partitions or the configs of the code.
   */
  private static void checkTopicPatches(Doc kustomization, List<String> problems) {
    String where = sources.root.relativize(kustomization.file()).toString().replace('\\', '/');
    for (String legacy : List.of("patchesJson6902", "patchesStrategicMerge")) {
      if (kustomization.body().containsKey(legacy)) {
        problems.add(where + ": use `patches` (" + legacy + " is not checked)");
      }
    }
    for (Object entry : list(kustomization.body().get("patches"))) {
      Map<String, Object> patch = map(entry);
      String targetKind = string(map(patch.get("target")).get("kind"));
      String text = string(patch.get("patch"));
      if (text == null && patch.get("path") != null) {
        text =
            DeploymentSources.read(kustomization.file().resolveSibling(string(patch.get("path"))));
      }
      if (text == null) {
        continue;
      }
      Object parsed = sources.yamlValue(text);
      if (parsed instanceof List<?> operations) {
        if (!"KafkaTopic".equals(targetKind)) {
          continue; // a JSON 6902 patch applies to its target only
        }
        for (Object operation : operations) {
          String path = string(map(operation).get("path"));
          boolean settingOfTheCode =
              path != null
                  && (path.equals("/spec")
                      || path.startsWith("/spec/partitions")
                      || path.startsWith("/spec/topicName")
                      || path.startsWith("/spec/config"));
          if (settingOfTheCode && !path.equals("/spec/config/min.insync.replicas")) {
            problems.add(
                where
                    + ": a patch of KafkaTopics changes "
                    + path
                    + " (only /spec/replicas and min.insync.replicas are the deployment's)");
          }
        }
      } else if ("KafkaTopic".equals(map(parsed).get("kind")) || "KafkaTopic".equals(targetKind)) {
        Map<String, Object> spec = map(map(parsed).get("spec"));
        if (spec.containsKey("partitions") || spec.containsKey("topicName")) {
          problems.add(where + ": a patch of KafkaTopics changes partitions or topicName");
        }
        for (String key : map(spec.get("config")).keySet()) {
          if (!DEPLOYMENT_CONFIGS.contains(key)) {
            problems.add(where + ": a patch of KafkaTopics changes config " + key);
          }
        }
      }
    }
  }

  /**
   * Adds a line for every topic of the code that {@code declared} misses or declares with other
   * partitions or configs, and for every declared topic the code does not know.
   */
  private static void compare(
      String where,
      Map<String, TopicSettings> declared,
      Set<String> allowedExtraConfigs,
      List<String> problems) {
    for (TopicSettings topic : expected.values()) {
      TopicSettings actual = declared.get(topic.name());
      if (actual == null) {
        problems.add(
            where
                + ": topic "
                + topic.name()
                + " is missing ("
                + topic.partitions()
                + " partitions, "
                + topic.configs()
                + ")");
        continue;
      }
      if (actual.partitions() != topic.partitions()) {
        problems.add(
            where
                + ": topic "
                + topic.name()
                + " has "
                + actual.partitions()
                + " partitions, the code says "
                + topic.partitions());
      }
      topic
          .configs()
          .forEach(
              (key, value) -> {
                String got = actual.configs().get(key);
                if (!value.equals(got)) {
                  problems.add(
                      where
                          + ": topic "
                          + topic.name()
                          + " has "
                          + key
                          + "="
                          + got
                          + ", the code says "
                          + key
                          + "="
                          + value);
                }
              });
      actual
          .configs()
          .forEach(
              (key, value) -> {
                if (!topic.configs().containsKey(key) && !allowedExtraConfigs.contains(key)) {
                  problems.add(
                      where
                          + ": topic "
                          + topic.name()
                          + " sets "
                          + key
                          + "="
                          + value
                          + ", which the code does not");
                }
              });
    }
    for (String name : declared.keySet()) {
      if (!expected.containsKey(name)) {
        problems.add(
            where + ": topic " + name + " is not declared in the code (a renamed subscription?)");
      }
    }
  }

  private static Doc find(List<Doc> docs, String kind, String name) {
    return docs.stream()
        .filter(d -> d.kind().equals(kind) && name.equals(d.name()))
        .findFirst()
        .orElse(null);
  }

  private static String flatten(Object value) {
    if (value == null) {
      return "";
    }
    return value instanceof List<?> items
        ? String.join(" ", items.stream().map(String::valueOf).toList())
        : String.valueOf(value);
  }

  private static void assertNoProblems(String what, List<String> problems) {
    assertThat(problems)
        .withFailMessage(
            () ->
                what
                    + " disagrees with the code ("
                    + problems.size()
                    + "):\n  - "
                    + String.join("\n  - ", problems)
                    + "\nExpected topics: "
                    + expected.values())
        .isEmpty();
  }
}

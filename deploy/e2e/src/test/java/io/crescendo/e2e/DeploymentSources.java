package io.crescendo.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.crescendo.events.TopicSpec;
import io.crescendo.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.TopicConfig;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads what {@link DeploymentFilesTest} compares: the topics the code declares (public topics and
 * one dead-letter topic per subscription) and the topics, services and databases that the files
 * under {@code deploy/} declare.
 */
final class DeploymentSources {

  /** A topic with the settings that the code fixes (replication is chosen per deployment). */
  record TopicSettings(String name, int partitions, Map<String, String> configs) {
    TopicSettings {
      configs = new TreeMap<>(configs);
    }
  }

  /** Where each subscription name was found, for messages. */
  record Subscription(String name, Path source) {}

  /** A YAML document and the file it came from. */
  record Doc(Path file, Map<String, Object> body) {
    String kind() {
      return body.get("kind") instanceof String kind ? kind : "";
    }

    String name() {
      return string(map(body.get("metadata")).get("name"));
    }
  }

  private static final Pattern BUILDER =
      Pattern.compile("EventSubscription\\s*\\.\\s*builder\\s*\\(\\s*([^()]*?)\\s*\\)");
  private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?:[A-Za-z_][\\w]*\\.)*([A-Za-z_]\\w*)");
  private static final Pattern DEAD_LETTER_TOPIC =
      Pattern.compile(
          "new NewTopic\\(\\s*subscription\\.deadLetterTopic\\(\\)\\s*,\\s*Optional\\.of\\((\\d+)\\)");

  final Path root;

  DeploymentSources(Path root) {
    this.root = root;
  }

  /** The repository root: the first parent of the working directory holding deploy/kafka. */
  static DeploymentSources locate() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("deploy/kafka"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return new DeploymentSources(dir);
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "no repository root (with deploy/kafka) above " + Path.of("").toAbsolutePath());
  }

  // ---------------------------------------------------------------- what the code declares

  /** {@link Topics#all()} plus {@code <subscription>.dlt} for every subscription found. */
  Map<String, TopicSettings> expectedTopics(List<String> problems) {
    Map<String, TopicSettings> topics = new LinkedHashMap<>();
    for (TopicSpec spec : Topics.all()) {
      topics.put(spec.name(), new TopicSettings(spec.name(), spec.partitions(), spec.configs()));
    }
    TopicSettings deadLetter = deadLetterSettings("<subscription>.dlt");
    for (Subscription subscription : subscriptions(problems)) {
      String name = subscription.name() + ".dlt";
      topics.put(name, new TopicSettings(name, deadLetter.partitions(), deadLetter.configs()));
    }
    return topics;
  }

  /**
   * How shared-events/consumer creates a dead-letter topic ({@code SubscriptionConsumer
   * .ensureTopics}): partitions and configs read from its source, so that a change there is a
   * change here.
   */
  TopicSettings deadLetterSettings(String name) {
    Path source =
        root.resolve(
            "shared-events/consumer/src/main/java/io/crescendo/events/consumer/SubscriptionConsumer.java");
    String code = withoutComments(read(source));
    Matcher matcher = DEAD_LETTER_TOPIC.matcher(code);
    if (!matcher.find()) {
      throw new IllegalStateException(
          "cannot find `new NewTopic(subscription.deadLetterTopic(), Optional.of(<partitions>), ...)`"
              + " in "
              + root.relativize(source)
              + ": teach DeploymentSources.deadLetterSettings how dead-letter topics are created now");
    }
    int partitions = Integer.parseInt(matcher.group(1));
    int configsAt = code.indexOf(".configs(", matcher.end());
    if (configsAt < 0) {
      return new TopicSettings(name, partitions, Map.of());
    }
    String argument = balanced(code, configsAt + ".configs".length()).strip();
    Map<String, String> configs;
    if (argument.equals("Topics.CONFIGS")) {
      configs = Topics.CONFIGS;
    } else if (argument.startsWith("Map.of(")) {
      List<String> values = new ArrayList<>();
      for (String token : balanced(argument, "Map.of".length()).split(",")) {
        values.add(constant(token.strip(), source));
      }
      configs = new LinkedHashMap<>();
      for (int i = 0; i + 1 < values.size(); i += 2) {
        configs.put(values.get(i), values.get(i + 1));
      }
    } else {
      throw new IllegalStateException(
          "dead-letter topic configs in "
              + root.relativize(source)
              + " are `"
              + argument
              + "`: teach DeploymentSources.deadLetterSettings to read them");
    }
    return new TopicSettings(name, partitions, configs);
  }

  /**
   * The names passed to {@code EventSubscription.builder(...)} in every module's main sources: a
   * string literal, or a {@code static final String} constant of the same file (else of any file).
   */
  List<Subscription> subscriptions(List<String> problems) {
    Map<Path, String> sources = mainJavaSources();
    List<Subscription> found = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    sources.forEach(
        (file, code) -> {
          Matcher builder = BUILDER.matcher(code);
          while (builder.find()) {
            String argument = builder.group(1).strip();
            String name = resolveString(argument, file, code, sources);
            if (name == null) {
              problems.add(
                  "cannot tell the subscription name `"
                      + argument
                      + "` in "
                      + root.relativize(file)
                      + " (use a string literal or a static final String constant)");
            } else if (names.add(name)) {
              found.add(new Subscription(name, file));
            }
          }
        });
    return found;
  }

  private static String resolveString(
      String argument, Path file, String code, Map<Path, String> sources) {
    Matcher literal = STRING_LITERAL.matcher(argument);
    if (literal.matches()) {
      return literal.group(1);
    }
    Matcher identifier = IDENTIFIER.matcher(argument);
    if (!identifier.matches()) {
      return null;
    }
    Pattern constant =
        Pattern.compile(
            "\\bfinal\\s+String\\s+"
                + Pattern.quote(identifier.group(1))
                + "\\s*=\\s*\"([^\"]*)\"\\s*;");
    Matcher own = constant.matcher(code);
    if (own.find()) {
      return own.group(1);
    }
    Set<String> elsewhere = new LinkedHashSet<>();
    sources.forEach(
        (other, text) -> {
          Matcher m = constant.matcher(text);
          while (m.find()) {
            elsewhere.add(m.group(1));
          }
        });
    return elsewhere.size() == 1 ? elsewhere.iterator().next() : null;
  }

  private static String constant(String token, Path source) {
    Matcher literal = STRING_LITERAL.matcher(token);
    if (literal.matches()) {
      return literal.group(1);
    }
    if (token.startsWith("TopicConfig.")) {
      try {
        return (String)
            TopicConfig.class.getField(token.substring("TopicConfig.".length())).get(null);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("unknown " + token + " in " + source, e);
      }
    }
    throw new IllegalStateException("cannot read the config value `" + token + "` in " + source);
  }

  /** Source text without comments (string literals kept), e.g. a builder call in a Javadoc. */
  static String withoutComments(String code) {
    StringBuilder out = new StringBuilder(code.length());
    int i = 0;
    while (i < code.length()) {
      char c = code.charAt(i);
      if (code.startsWith("\"\"\"", i)) {
        int end = code.indexOf("\"\"\"", i + 3);
        end = end < 0 ? code.length() : end + 3;
        out.append(code, i, end);
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < code.length() && code.charAt(j) != c) {
          j += code.charAt(j) == '\\' ? 2 : 1;
        }
        j = Math.min(j + 1, code.length());
        out.append(code, i, j);
        i = j;
      } else if (code.startsWith("//", i)) {
        int end = code.indexOf('\n', i);
        i = end < 0 ? code.length() : end;
      } else if (code.startsWith("/*", i)) {
        int end = code.indexOf("*/", i + 2);
        i = end < 0 ? code.length() : end + 2;
        out.append(' ');
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The text inside the parentheses that open at {@code open}. */
  private static String balanced(String text, int open) {
    if (open >= text.length() || text.charAt(open) != '(') {
      throw new IllegalStateException("expected '(' at " + open + " in: " + text);
    }
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return text.substring(open + 1, i);
      }
    }
    throw new IllegalStateException("unbalanced parentheses in: " + text);
  }

  private Map<Path, String> mainJavaSources() {
    Map<Path, String> sources = new TreeMap<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
              boolean testSources =
                  name.equals("test")
                      && dir.getParent() != null
                      && dir.getParent().getFileName().toString().equals("src");
              boolean skip =
                  !dir.equals(root)
                      && (name.startsWith(".")
                          || name.equals("target")
                          || name.equals("node_modules")
                          || testSources);
              return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              String path = root.relativize(file).toString().replace('\\', '/');
              if (path.endsWith(".java") && path.contains("src/main/java/")) {
                sources.put(file, withoutComments(read(file)));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sources;
  }

  // ---------------------------------------------------------------- what deploy/ declares

  /** The list between {@code # BEGIN TOPICS} and {@code # END TOPICS} of create-topics.sh. */
  Map<String, TopicSettings> scriptTopics(Path script, List<String> problems) {
    Map<String, TopicSettings> topics = new LinkedHashMap<>();
    boolean inside = false;
    for (String raw : read(script).lines().toList()) {
      String line = raw.strip();
      if (line.startsWith("# BEGIN TOPICS")) {
        inside = true;
      } else if (line.startsWith("# END TOPICS")) {
        inside = false;
      } else if (inside
          && !line.isEmpty()
          && !line.startsWith("#")
          && !line.startsWith("TOPICS=")
          && !line.equals("'")) {
        String[] fields = line.split("\\s+");
        if (fields.length != 3 || !fields[1].matches("\\d+")) {
          problems.add(root.relativize(script) + ": cannot read topic line `" + line + "`");
          continue;
        }
        Map<String, String> configs = new TreeMap<>();
        for (String pair : fields[2].split(",")) {
          int eq = pair.indexOf('=');
          if (eq <= 0) {
            problems.add(root.relativize(script) + ": bad config `" + pair + "` in `" + line + "`");
          } else {
            configs.put(pair.substring(0, eq), pair.substring(eq + 1));
          }
        }
        if (topics.put(
                fields[0], new TopicSettings(fields[0], Integer.parseInt(fields[1]), configs))
            != null) {
          problems.add(root.relativize(script) + ": topic " + fields[0] + " listed twice");
        }
      }
    }
    if (topics.isEmpty()) {
      problems.add(
          root.relativize(script) + ": no topic between `# BEGIN TOPICS` and `# END TOPICS`");
    }
    return topics;
  }

  /**
   * Every document that {@code kustomization.yaml} in {@code dir} builds from, following
   * directories in {@code resources}, in order.
   */
  List<Doc> kustomizeResources(Path dir, List<String> problems) {
    List<Doc> docs = new ArrayList<>();
    Map<String, Object> kustomization = kustomization(dir, problems);
    for (Object entry : list(kustomization.get("resources"))) {
      String ref = string(entry);
      if (ref.contains("://")) {
        problems.add(root.relativize(dir) + ": remote resource " + ref + " is not checked");
        continue;
      }
      Path target = dir.resolve(ref).normalize();
      if (Files.isDirectory(target)) {
        docs.addAll(kustomizeResources(target, problems));
      } else if (Files.isRegularFile(target)) {
        docs.addAll(yamlDocs(target));
      } else {
        problems.add(root.relativize(dir) + "/kustomization.yaml: resource " + ref + " not found");
      }
    }
    return docs;
  }

  /** The kustomizations from {@code dir} down through its directory resources. */
  List<Doc> kustomizations(Path dir, List<String> problems) {
    List<Doc> all = new ArrayList<>();
    Map<String, Object> kustomization = kustomization(dir, problems);
    all.add(new Doc(dir.resolve("kustomization.yaml"), kustomization));
    for (Object entry : list(kustomization.get("resources"))) {
      Path target = dir.resolve(string(entry)).normalize();
      if (Files.isDirectory(target)) {
        all.addAll(kustomizations(target, problems));
      }
    }
    return all;
  }

  private Map<String, Object> kustomization(Path dir, List<String> problems) {
    Path file = dir.resolve("kustomization.yaml");
    if (!Files.isRegularFile(file)) {
      problems.add(root.relativize(dir) + ": no kustomization.yaml");
      return Map.of();
    }
    List<Doc> docs = yamlDocs(file);
    return docs.isEmpty() ? Map.of() : docs.get(0).body();
  }

  List<Doc> yamlDocs(Path file) {
    List<Doc> docs = new ArrayList<>();
    for (Object doc : yaml().loadAll(read(file))) {
      if (doc instanceof Map<?, ?>) {
        docs.add(new Doc(file, map(doc)));
      }
    }
    return docs;
  }

  Object yamlValue(String text) {
    return yaml().load(text);
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(options);
  }

  static String read(Path file) {
    try {
      return Files.readString(file, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static List<Object> list(Object value) {
    return value instanceof List<?> l ? List.copyOf(l) : List.of();
  }

  static String string(Object value) {
    return value == null ? null : String.valueOf(value);
  }
}

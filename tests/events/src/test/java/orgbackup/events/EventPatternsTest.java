package orgbackup.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.event.ruler.Machine;

/**
 * Every event pattern OrgBackup renders, matched with event-ruler (https://github.com/aws/event-ruler,
 * the rule matching AWS open-sourced from Amazon EventBridge:
 * https://aws.amazon.com/blogs/opensource/open-sourcing-event-ruler/) against the sample events of testdata/events:
 * AWS's documented examples and variants of them, each with its provenance. testdata/expectations.json
 * says, for each event and each kind of rule, which rules must match; every other rule must not.
 *
 * <p>Rules come from every rendered example (ORGBACKUP_RENDERED): each aws:cloudwatch/eventRule:EventRule
 * of resources.json and each AWS::Events::Rule of stacksets/ (one per region of its deployment), and
 * from provider/events itself (ORGBACKUP_EVENTS_LIBRARY, written by tests/events/library). A rule's kind
 * is read from its pattern, so rules added later are checked without naming them here.
 */
class EventPatternsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path TESTDATA = Path.of("testdata");
  private static final List<String> KINDS =
      List.of("log", "forward", "ingest", "job-alert", "restore-test-alert");
  /** AWS::AccountId of the member stack the StackSet templates are resolved for. */
  private static final String MEMBER_ACCOUNT = "222222222222";

  /** A rule as rendered, with the Machine holding only its pattern. */
  record Rule(String origin, String example, String deployment, String region, String name,
      String kind, String pattern, Machine machine) {
    String label() {
      return example + " " + origin + " " + name + " (" + deployment + ", " + region + ")";
    }
  }

  /** A sample event with its provenance. */
  record Sample(String name, JsonNode file) {
    String event() {
      return file.get("event").toString();
    }
  }

  private static List<Rule> rules;
  private static Map<String, Sample> samples;
  private static JsonNode expectations;

  @BeforeAll
  static void load() throws Exception {
    rules = new ArrayList<>();
    Path rendered = Path.of(env("ORGBACKUP_RENDERED"));
    try (Stream<Path> examples = Files.list(rendered)) {
      for (Path example : examples.sorted().toList()) {
        loadRendered(example);
      }
    }
    for (JsonNode r : JSON.readTree(Path.of(env("ORGBACKUP_EVENTS_LIBRARY")).toFile())) {
      rules.add(rule("provider/events", r.get("example").asText(), r.get("deployment").asText(),
          r.get("region").asText(), r.get("name").asText(), r.get("pattern").asText()));
    }
    samples = new TreeMap<>();
    try (Stream<Path> files = Files.list(TESTDATA.resolve("events"))) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString().replaceFirst("\\.json$", "");
        samples.put(name, new Sample(name, JSON.readTree(f.toFile())));
      }
    }
    expectations = JSON.readTree(TESTDATA.resolve("expectations.json").toFile());
    System.out.println(summary());
  }

  private static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(name + " is not set: run the tier with `make events`");
    }
    return value;
  }

  private static void loadRendered(Path example) throws Exception {
    String name = example.getFileName().toString();
    Map<String, Set<String>> regions = new TreeMap<>();
    JsonNode resources = JSON.readTree(example.resolve("resources.json").toFile());
    for (JsonNode r : resources) {
      if (r.hasNonNull("deployment") && r.hasNonNull("region")) {
        regions.computeIfAbsent(r.get("deployment").asText(), k -> new TreeSet<>())
            .add(r.get("region").asText());
      }
      JsonNode pattern = r.path("inputs").get("eventPattern");
      if (r.get("type").asText().equals("aws:cloudwatch/eventRule:EventRule") && pattern != null) {
        rules.add(rule("resources.json", name, r.path("deployment").asText(""),
            r.path("region").asText(""), r.get("name").asText(), pattern.asText()));
      }
    }
    Path stacksets = example.resolve("stacksets");
    if (!Files.isDirectory(stacksets)) {
      return;
    }
    try (Stream<Path> templates = Files.list(stacksets)) {
      for (Path t : templates.sorted().toList()) {
        String deployment = t.getFileName().toString().replaceFirst("\\.json$", "");
        Iterator<Map.Entry<String, JsonNode>> resourcesOf =
            JSON.readTree(t.toFile()).path("Resources").fields();
        while (resourcesOf.hasNext()) {
          Map.Entry<String, JsonNode> r = resourcesOf.next();
          JsonNode pattern = r.getValue().path("Properties").get("EventPattern");
          if (!r.getValue().path("Type").asText().equals("AWS::Events::Rule") || pattern == null) {
            continue;
          }
          Set<String> deploymentRegions = regions.get(deployment);
          assertTrue(deploymentRegions != null && !deploymentRegions.isEmpty(),
              t + ": no region of deployment " + deployment + " in resources.json");
          for (String region : deploymentRegions) {
            String resolved = resolve(pattern, region, t + " " + r.getKey()).toString();
            rules.add(rule("stacksets/" + t.getFileName(), name, deployment, region, r.getKey(), resolved));
          }
        }
      }
    }
  }

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

  /**
   * The pattern as a stack in region of a member account sees it: Fn::Sub of the pseudo parameters
   * resolved; any other intrinsic function fails the tier, since it would not be checked.
   */
  static JsonNode resolve(JsonNode node, String region, String where) {
    if (node.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      node.forEach(n -> items.add(resolve(n, region, where)));
      return JSON.valueToTree(items);
    }
    if (!node.isObject()) {
      return node;
    }
    if (node.size() == 1 && node.has("Fn::Sub") && node.get("Fn::Sub").isTextual()) {
      Map<String, String> pseudo = Map.of("AWS::Region", region, "AWS::Partition", "aws",
          "AWS::AccountId", MEMBER_ACCOUNT, "AWS::URLSuffix", "amazonaws.com");
      Matcher m = SUB_VARIABLE.matcher(node.get("Fn::Sub").asText());
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String value = pseudo.get(m.group(1));
        if (value == null) {
          fail(where + ": Fn::Sub variable ${" + m.group(1) + "} is not a pseudo parameter the tier knows");
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      return TextNode.valueOf(out.toString());
    }
    ObjectNode out = JSON.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (f.getKey().startsWith("Fn::") || f.getKey().equals("Ref")) {
        fail(where + ": the tier cannot resolve " + f.getKey() + " in an event pattern");
      }
      out.set(f.getKey(), resolve(f.getValue(), region, where));
    }
    return out;
  }

  private static Rule rule(String origin, String example, String deployment, String region,
      String name, String pattern) throws Exception {
    String kind = kind(JSON.readTree(pattern), example + " " + origin + " " + name);
    Machine machine = new Machine();
    machine.addRule(name, pattern);
    return new Rule(origin, example, deployment, region, name, kind, pattern, machine);
  }

  /** The kind of a rule, from what its pattern selects. */
  static String kind(JsonNode pattern, String where) {
    JsonNode source = pattern.get("source");
    if (source != null && source.equals(JSON.valueToTree(List.of(Map.of("prefix", ""))))) {
      return "log";
    }
    if (source != null && source.equals(JSON.valueToTree(List.of("aws.backup")))) {
      if (pattern.path("detail").has("restoreTestingPlanArn")) {
        // The restore testing alert (events.FailedRestoreTests).
        return "restore-test-alert";
      }
      JsonNode state = pattern.path("detail").get("state");
      if (state == null && pattern.has("$or")) {
        // Failed jobs, or backup jobs completed with issues (events.FailedJobs).
        for (JsonNode branch : pattern.get("$or")) {
          JsonNode branchState = branch.path("detail").path("state");
          for (JsonNode s : branchState) {
            if (s.asText().equals("FAILED")) {
              return "job-alert";
            }
          }
        }
      }
      if (state == null && pattern.path("detail").has("$or")) {
        // The ingest (events.IngestedCopies): completed copies, and the FAILED member copies into the
        // central vaults, each branch of detail.$or with its state.
        Set<String> branchStates = new TreeSet<>();
        for (JsonNode branch : pattern.path("detail").get("$or")) {
          branch.path("state").forEach(s -> branchStates.add(s.asText()));
        }
        if (branchStates.contains("COMPLETED")) {
          return "ingest";
        }
      }
      if (state == null) {
        return "forward";
      }
      Set<String> states = new TreeSet<>();
      state.forEach(s -> states.add(s.asText()));
      if (states.equals(Set.of("COMPLETED"))) {
        return "ingest";
      }
      if (states.contains("FAILED") && !states.contains("COMPLETED")) {
        return "job-alert";
      }
    }
    throw new AssertionError(where + ": a pattern of no kind the tier knows; give it a kind in "
        + "EventPatternsTest.kind and its expectations in testdata/expectations.json: " + pattern);
  }

  /** Whether rule must match the sample, by the sample's expectation for the rule's kind. */
  static boolean expected(JsonNode spec, Rule rule) {
    JsonNode target = expectations.get("deployment");
    boolean ofKey = rule.deployment().equals(target.get("key").asText());
    boolean ofDeployment = ofKey && rule.region().equals(target.get("region").asText());
    if (spec.isObject()) {
      // {"examples": [...]} with, optionally, a deployment and region ("any": every region) of
      // their own, for samples named after another deployment than the target's.
      Set<String> examples = new TreeSet<>();
      spec.get("examples").forEach(e -> examples.add(e.asText()));
      String key = spec.path("deployment").asText(target.get("key").asText());
      String region = spec.path("region").asText(target.get("region").asText());
      boolean of = rule.deployment().equals(key) && (region.equals("any") || rule.region().equals(region));
      return of && examples.contains(rule.example());
    }
    return switch (spec.asText()) {
      case "all" -> true;
      case "none" -> false;
      case "deployment" -> ofDeployment;
      case "deployment-any-region" -> ofKey;
      // Every rule but the deployment's own in its region: a failed member copy into its central
      // vaults is alerted by its ingest, and other deployments' failed-jobs rules do not know its vaults.
      case "all-but-deployment" -> !ofDeployment;
      default -> throw new AssertionError("unknown expectation " + spec);
    };
  }

  @TestFactory
  Stream<DynamicNode> everyRuleAgainstEverySample() {
    return samples.values().stream().map(sample -> {
      JsonNode cases = expectations.get("cases").get(sample.name());
      return DynamicContainer.dynamicContainer(sample.name(), rules.stream().map(rule -> {
        boolean want = expected(cases.get(rule.kind()), rule);
        return DynamicTest.dynamicTest((want ? "matches " : "does not match ") + rule.label(), () -> {
          boolean got = !rule.machine().rulesForJSONEvent(sample.event()).isEmpty();
          assertEquals(want, got, sample.name() + " (" + sample.file().get("sample").asText() + ", "
              + sample.file().get("documentation").asText() + ") against " + rule.kind() + " rule "
              + rule.label() + ": " + rule.pattern());
        });
      }));
    });
  }

  @Test
  void everySampleHasAnExpectationForEveryKind() {
    JsonNode cases = expectations.get("cases");
    assertEquals(samples.keySet(), fieldNames(cases), "testdata/events and expectations.json list the same samples");
    for (Map.Entry<String, JsonNode> c : iterable(cases.fields())) {
      assertEquals(new TreeSet<>(KINDS), fieldNames(c.getValue()), c.getKey() + " gives every kind of rule");
      for (JsonNode spec : c.getValue()) {
        assertTrue(spec.isObject()
            ? spec.has("examples") && Set.of("examples", "deployment", "region").containsAll(fieldNames(spec))
            : Set.of("all", "none", "deployment", "deployment-any-region", "all-but-deployment").contains(spec.asText()),
            c.getKey() + ": unknown expectation " + spec);
      }
    }
  }

  /** A sample is an AWS documented example, unchanged, or a variant saying what changed. */
  @Test
  void everySampleSaysWhereItComesFrom() {
    for (Sample s : samples.values()) {
      JsonNode f = s.file();
      assertTrue(f.path("documentation").asText().startsWith("https://docs.aws.amazon.com/"), s.name() + ": documentation URL");
      assertFalse(f.path("sample").asText().isEmpty(), s.name() + ": which documented sample");
      assertTrue(f.get("event").isObject(), s.name() + ": event");
      if (f.has("derivedFrom")) {
        Sample base = samples.get(f.get("derivedFrom").asText().replaceFirst("\\.json$", ""));
        assertTrue(base != null && !base.file().has("derivedFrom"), s.name() + ": derives from a documented sample");
        assertEquals(base.file().get("documentation"), f.get("documentation"), s.name() + ": its base's URL");
        assertFalse(f.get("changes").isEmpty(), s.name() + ": lists its changes");
      } else {
        assertTrue(f.get("changes").isEmpty(), s.name() + ": a documented sample is copied unchanged");
      }
    }
  }

  /**
   * Every kind has rules, and every expectation that some rule matches names at least one rule, so no
   * assertion passes for want of rules.
   */
  @Test
  void everyExpectedMatchHasRules() {
    Set<String> kinds = rules.stream().map(Rule::kind).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(KINDS), kinds, "rules of every kind");
    for (Map.Entry<String, JsonNode> c : iterable(expectations.get("cases").fields())) {
      for (String kind : KINDS) {
        JsonNode spec = c.getValue().get(kind);
        if (!spec.asText().equals("none")) {
          assertTrue(rules.stream().anyMatch(r -> r.kind().equals(kind) && expected(spec, r)),
              c.getKey() + ": no " + kind + " rule is expected to match");
        }
      }
    }
  }

  /** A change to the values a pattern lists under one field, for the rules of one kind. */
  record Mutation(String kind, String field, UnaryOperator<JsonNode> value) {}

  /**
   * The table notices a pattern that is too broad or too narrow: each mutation, applied to every
   * rule of its kind, makes at least one sample match differently from its expectation.
   */
  @TestFactory
  Stream<DynamicTest> theTableNoticesBrokenPatterns() {
    Map<String, Mutation> mutations = new TreeMap<>(Map.of(
        "ingest: any vault whose name starts with the member vault's", new Mutation("ingest",
            "sourceBackupVaultArn", v -> v.has("wildcard")
                ? JSON.valueToTree(Map.of("wildcard", v.get("wildcard").asText() + "*")) : v),
        "job-alert: EXPIRED left out", new Mutation("job-alert", "state",
            v -> v.asText().equals("EXPIRED") ? null : v),
        "job-alert: PARTIAL left out", new Mutation("job-alert", "state",
            v -> v.asText().equals("PARTIAL") ? null : v),
        "job-alert: completed with issues left out", new Mutation("job-alert", "state",
            v -> v.asText().equals("COMPLETED") ? TextNode.valueOf("NOT-COMPLETED") : v),
        "job-alert: an empty statusMessage counts as an issue", new Mutation("job-alert", "statusMessage",
            v -> JSON.valueToTree(Map.of("exists", true))),
        "forward: the member vault's own jobs left out", new Mutation("forward", "backupVaultName",
            v -> TextNode.valueOf("not-" + v.asText())),
        "forward: the member air-gapped vault's jobs left out", new Mutation("forward", "backupVaultName",
            v -> v.asText().contains("-lag-") ? null : v),
        "ingest: copies from the member air-gapped vault left out", new Mutation("ingest",
            "sourceBackupVaultArn", v -> v.has("wildcard") && v.get("wildcard").asText().contains("-lag-") ? null : v),
        "ingest: failed member copies left out (no alert at all)", new Mutation("ingest", "state",
            v -> v.asText().equals("FAILED") ? TextNode.valueOf("NOT-FAILED") : v),
        "job-alert: failed member copies into the central vaults alerted twice", new Mutation("job-alert",
            "destinationBackupVaultArn", v -> v.has("anything-but") ? JSON.valueToTree(Map.of("prefix", "")) : v)));
    return mutations.entrySet().stream().map(m -> DynamicTest.dynamicTest(m.getKey(), () -> {
      Mutation mutation = m.getValue();
      int mutated = 0;
      int noticed = 0;
      for (Rule r : rules) {
        JsonNode original = JSON.readTree(r.pattern());
        String pattern = mutate(original, mutation).toString();
        if (!r.kind().equals(mutation.kind()) || pattern.equals(original.toString())) {
          continue;
        }
        mutated++;
        Rule broken = rule(r.origin(), r.example(), r.deployment(), r.region(), r.name(), pattern);
        for (Sample sample : samples.values()) {
          boolean want = expected(expectations.get("cases").get(sample.name()).get(mutation.kind()), broken);
          if (want == broken.machine().rulesForJSONEvent(sample.event()).isEmpty()) {
            noticed++;
          }
        }
      }
      assertTrue(mutated > 0, "the mutation applies to some " + mutation.kind() + " rule");
      assertTrue(noticed > 0, "some sample notices the mutation of " + mutated + " " + mutation.kind() + " rules");
    }));
  }

  /** node with the values listed under mutation's field changed (or, for null, removed). */
  static JsonNode mutate(JsonNode node, Mutation mutation) {
    if (node.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      node.forEach(n -> items.add(mutate(n, mutation)));
      return JSON.valueToTree(items);
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode out = JSON.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (f.getKey().equals(mutation.field()) && f.getValue().isArray()) {
        List<JsonNode> values = new ArrayList<>();
        f.getValue().forEach(v -> {
          JsonNode changed = mutation.value().apply(v);
          if (changed != null) {
            values.add(changed);
          }
        });
        out.set(f.getKey(), JSON.valueToTree(values));
      } else {
        out.set(f.getKey(), mutate(f.getValue(), mutation));
      }
    }
    return out;
  }

  private static String summary() {
    Map<String, Map<String, Long>> byKind = new TreeMap<>();
    for (Rule r : rules) {
      byKind.computeIfAbsent(r.kind(), k -> new TreeMap<>()).merge(r.origin().replaceFirst("/.*\\.json$", "/"), 1L, Long::sum);
    }
    StringBuilder out = new StringBuilder("events tier: " + rules.size() + " rules × " + samples.size()
        + " sample events = " + rules.size() * samples.size() + " assertions\n");
    byKind.forEach((kind, origins) -> out.append(String.format("  %-16s %s%n", kind, origins)));
    return out.toString();
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static <T> Iterable<T> iterable(Iterator<T> it) {
    return () -> it;
  }
}

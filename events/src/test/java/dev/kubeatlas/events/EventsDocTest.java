package dev.kubeatlas.events;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/events.md} against the code: its topic table names every topic of {@link Topics} with the key of
 * {@link Topics#KEYS}, the modules that publish it ({@code outbox.publish(EventTypes.X, ...)} in their sources) and
 * the modules that consume it (their {@code application.properties}), and whether it is published yet; it has a
 * section per type of {@link EventTypes} whose example carries exactly the fields of the type's record; and it names
 * no type or topic that does not exist.
 */
class EventsDocTest {

    private static final Pattern PUBLISH = Pattern.compile("publish\\(\\s*EventTypes\\.([A-Z_]+)");
    private static final Pattern INCOMING_TOPIC = Pattern.compile("(?m)^mp\\.messaging\\.incoming\\.[^.]+\\.topic=(\\S+)");
    private static final Pattern TYPE_NAME = Pattern.compile("dev\\.kubeatlas\\.[a-z]+\\.[a-z-]+\\.v[0-9]+");
    private static final Pattern TOPIC_NAME = Pattern.compile("`(kubeatlas\\.[a-z.]+)`");
    private static final Pattern TYPE_SECTION = Pattern.compile("(?ms)^### `([^`]+)`\\n(.*?)```json\\n(.*?)```");
    private static final String NONE = "—";
    private static final String PUBLISHED = "published";
    private static final String NOT_YET = "defined, not yet published";

    private static Path repository;
    private static String doc;

    record Row(String key, Set<String> producers, Set<String> consumers, String status) {
    }

    @BeforeAll
    static void read() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/events.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("docs/events.md above " + Path.of("").toAbsolutePath()).isNotNull();
        repository = dir;
        doc = Files.readString(dir.resolve("docs/events.md"));
    }

    @Test
    void theTopicTableNamesEveryTopicWithItsKeyProducersConsumersAndStatus() throws IOException {
        Map<String, Row> documented = topicTable();
        Map<String, Row> actual = new TreeMap<>();
        Map<String, Set<String>> producers = producers();
        Map<String, Set<String>> consumers = consumers();
        for (String topic : Topics.ALL) {
            Set<String> published = producers.getOrDefault(topic, Set.of());
            actual.put(topic, new Row(Topics.KEYS.get(topic), published, consumers.getOrDefault(topic, Set.of()),
                    status(topic)));
        }

        assertThat(new TreeMap<>(documented)).isEqualTo(actual);
    }

    @Test
    void everyTypeHasASectionWhoseExampleCarriesExactlyTheFieldsOfItsRecord() throws IOException {
        Map<String, Set<String>> examples = new LinkedHashMap<>();
        Matcher section = TYPE_SECTION.matcher(doc);
        while (section.find()) {
            JsonNode example = EventCodec.mapper().readTree(section.group(3));
            assertThat(example.has("data")).as("example of " + section.group(1) + " has data").isTrue();
            Set<String> fields = new TreeSet<>();
            example.get("data").fieldNames().forEachRemaining(fields::add);
            examples.put(section.group(1), fields);
        }

        Map<String, Set<String>> records = new LinkedHashMap<>();
        for (EventType<?> type : EventTypes.ALL) {
            records.put(type.type(), Arrays.stream(type.dataClass().getRecordComponents()).map(RecordComponent::getName)
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        assertThat(examples).isEqualTo(records);
    }

    @Test
    void theDocNamesNoTypeOrTopicThatDoesNotExist() {
        Set<String> types = EventTypes.ALL.stream().map(EventType::type).collect(Collectors.toSet());
        Set<String> unknownTypes = new TreeSet<>();
        Matcher type = TYPE_NAME.matcher(doc);
        while (type.find()) {
            if (!types.contains(type.group())) {
                unknownTypes.add(type.group());
            }
        }
        Set<String> topics = Topics.ALL.stream().flatMap(t -> Stream.of(t, Topics.deadLetter(t)))
                .collect(Collectors.toSet());
        Set<String> unknownTopics = new TreeSet<>();
        Matcher topic = TOPIC_NAME.matcher(doc);
        while (topic.find()) {
            String name = topic.group(1);
            if (!topics.contains(name) && !name.startsWith("kubeatlas.kafka.")) {   // kubeatlas.kafka.*: settings
                unknownTopics.add(name);
            }
        }

        assertThat(unknownTypes).as("types in docs/events.md that EventTypes does not define").isEmpty();
        assertThat(unknownTopics).as("topics in docs/events.md that Topics does not define").isEmpty();
    }

    private static String status(String topic) throws IOException {
        Map<String, Set<String>> producers = producersByType();
        List<EventType<?>> ofTopic = EventTypes.ALL.stream().filter(t -> t.topic().equals(topic)).toList();
        long published = ofTopic.stream().filter(t -> producers.containsKey(t.type())).count();
        if (published == ofTopic.size()) {
            return PUBLISHED;
        }
        if (published == 0) {
            return NOT_YET;
        }
        return "published: " + ofTopic.stream().filter(t -> producers.containsKey(t.type()))
                .map(t -> t.type().replaceFirst("^dev\\.kubeatlas\\.[a-z]+\\.", "").replaceFirst("\\.v[0-9]+$", ""))
                .collect(Collectors.joining(", "));
    }

    /** The rows of the topic table: {@code | `topic` | key | published by | consumed by | status |}. */
    private static Map<String, Row> topicTable() {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : doc.lines().toList()) {
            if (!line.startsWith("| `kubeatlas.")) {
                continue;
            }
            String[] cells = Arrays.stream(line.split("\\|")).map(String::strip).toArray(String[]::new);
            assertThat(cells).as(line).hasSize(6);
            rows.put(unquote(cells[1]), new Row(unquote(cells[2]), modules(cells[3]), modules(cells[4]), cells[5]));
        }
        return rows;
    }

    private static String unquote(String cell) {
        return cell.replace("`", "");
    }

    private static Set<String> modules(String cell) {
        if (cell.equals(NONE)) {
            return Set.of();
        }
        return Arrays.stream(cell.split(",")).map(String::strip).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Topic -> the modules whose main sources publish one of its types through the outbox. */
    private static Map<String, Set<String>> producers() throws IOException {
        Map<String, Set<String>> byTopic = new TreeMap<>();
        producersByType().forEach((type, modules) -> byTopic.computeIfAbsent(
                EventTypes.byType(type).orElseThrow().topic(), t -> new TreeSet<>()).addAll(modules));
        return byTopic;
    }

    private static Map<String, Set<String>> producersByType() throws IOException {
        Map<String, Set<String>> byType = new TreeMap<>();
        for (Path module : modules()) {
            Path sources = module.resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(sources)) {
                files = walk.filter(f -> f.toString().endsWith(".java")).toList();
            }
            for (Path file : files) {
                Matcher publish = PUBLISH.matcher(Files.readString(file));
                while (publish.find()) {
                    String type = typeNamed(publish.group(1)).type();
                    byType.computeIfAbsent(type, t -> new TreeSet<>()).add(module.getFileName().toString());
                }
            }
        }
        return byType;
    }

    /** Topic -> the services that consume it, from their application.properties. */
    private static Map<String, Set<String>> consumers() throws IOException {
        Map<String, Set<String>> byTopic = new TreeMap<>();
        for (Path module : modules()) {
            Path properties = module.resolve("src/main/resources/application.properties");
            if (!Files.isRegularFile(properties)) {
                continue;
            }
            String text = Files.readString(properties);
            List<String> topics = new ArrayList<>();
            if (text.lines().anyMatch(l -> l.strip().equals("kubeatlas.consumes.cluster-lifecycle=true"))) {
                topics.add(Topics.CLUSTER_LIFECYCLE);   // the consumer of service-support, switched on per service
            }
            Matcher incoming = INCOMING_TOPIC.matcher(text);
            while (incoming.find()) {
                topics.add(incoming.group(1));
            }
            for (String topic : topics) {
                byTopic.computeIfAbsent(topic, t -> new TreeSet<>()).add(module.getFileName().toString());
            }
        }
        return byTopic;
    }

    private static List<Path> modules() throws IOException {
        try (Stream<Path> dirs = Files.list(repository)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("src")))
                    .sorted().toList();
        }
    }

    private static EventType<?> typeNamed(String constant) {
        try {
            return (EventType<?>) EventTypes.class.getField(constant).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("EventTypes." + constant + " does not exist", e);
        }
    }
}

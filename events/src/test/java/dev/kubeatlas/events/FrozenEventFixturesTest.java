package dev.kubeatlas.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event as it was once published, frozen under {@code fixtures/<type>/<n>.json}: a fixture is never edited
 * (its SHA-256 is listed in {@code fixtures/frozen.sha256}); when a type gains a field, a new fixture
 * {@code <n+1>.json} is added beside the old ones and the field is marked {@link AddedIn}. Each fixture must still be
 * read strictly by today's record: no field the record does not know (a renamed or removed field fails), and every
 * field of the record present unless it was added after that fixture. A breaking change needs a new type
 * {@code ...v2}.
 */
class FrozenEventFixturesTest {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

    record Fixture(EventType<?> type, int number, Path file) {

        @Override
        public String toString() {
            return type.type() + "/" + number + ".json";
        }
    }

    static Stream<Fixture> fixtures() {
        List<Fixture> all = new ArrayList<>();
        for (EventType<?> type : EventTypes.ALL) {
            Path dir = root().resolve(type.type());
            try (Stream<Path> files = Files.list(dir)) {
                files.forEach(f -> all.add(new Fixture(type, number(f), f)));
            } catch (IOException e) {
                throw new UncheckedIOException("No frozen fixtures for " + type.type() + " in " + dir, e);
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFrozenFixtureIsReadStrictlyByTodaysRecord(Fixture fixture) throws IOException {
        JsonNode tree = STRICT.readTree(fixture.file().toFile());
        JavaType envelope = STRICT.getTypeFactory().constructParametricType(CloudEvent.class, fixture.type().dataClass());

        CloudEvent<?> event = STRICT.treeToValue(tree, envelope);

        assertThat(event.type()).as("type of " + fixture).isEqualTo(fixture.type().type());
        assertThat(event.specversion()).isEqualTo(CloudEvent.SPEC_VERSION);
        assertThat(event.data()).isInstanceOf(fixture.type().dataClass());
        assertThat(EventCodec.decode(Files.readString(fixture.file()), fixture.type()).data()).isEqualTo(event.data());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFieldOfTodaysRecordIsInTheFixtureUnlessAddedAfterIt(Fixture fixture) throws IOException {
        JsonNode data = STRICT.readTree(fixture.file().toFile()).get("data");
        assertThat(data).as("data of " + fixture).isNotNull();

        List<String> missing = new ArrayList<>();
        for (RecordComponent component : fixture.type().dataClass().getRecordComponents()) {
            AddedIn added = component.getAnnotation(AddedIn.class);
            boolean mayLack = added != null && added.value() > fixture.number();
            if (!data.has(component.getName()) && !mayLack) {
                missing.add(component.getName());
            }
        }

        assertThat(missing).as(fixture + " lacks fields of " + fixture.type().dataClass().getSimpleName()
                + ": a field renamed, or added without @AddedIn and a new fixture").isEmpty();
    }

    @Test
    void everyTypeHasAFrozenFixtureNumberedFromOneWithoutGaps() throws IOException {
        for (EventType<?> type : EventTypes.ALL) {
            Path dir = root().resolve(type.type());
            assertThat(dir).as("frozen fixtures of " + type.type()).isDirectory();
            try (Stream<Path> files = Files.list(dir)) {
                List<Integer> numbers = files.map(FrozenEventFixturesTest::number).sorted().toList();
                assertThat(numbers).as(type.type()).isNotEmpty();
                for (int i = 0; i < numbers.size(); i++) {
                    assertThat(numbers.get(i)).as(type.type() + " fixture numbers").isEqualTo(i + 1);
                }
            }
        }
    }

    @Test
    void everyAddedFieldNamesAFixtureThatCarriesIt() {
        Map<String, Integer> counts = fixtures().collect(Collectors.toMap(f -> f.type().type(), f -> 1, Integer::sum));
        for (EventType<?> type : EventTypes.ALL) {
            for (RecordComponent component : type.dataClass().getRecordComponents()) {
                AddedIn added = component.getAnnotation(AddedIn.class);
                if (added != null) {
                    assertThat(added.value()).as(type.type() + "." + component.getName() + " @AddedIn")
                            .isBetween(2, counts.getOrDefault(type.type(), 0));
                }
            }
        }
    }

    @Test
    void frozenFixturesAreNeverEdited() throws IOException {
        Map<String, String> listed = new TreeMap<>();
        for (String line : Files.readAllLines(root().resolve("frozen.sha256"))) {
            if (!line.isBlank()) {
                String[] parts = line.trim().split("\\s+", 2);
                listed.put(parts[1], parts[0]);
            }
        }
        Map<String, String> actual = new TreeMap<>();
        for (Fixture fixture : fixtures().toList()) {
            actual.put(fixture.toString(), sha256(fixture.file()));
        }

        assertThat(actual).as("fixtures/frozen.sha256: a published fixture is never edited or removed; add <n+1>.json "
                + "and append its line (sha256sum <type>/<n>.json)").isEqualTo(listed);
    }

    private static Path root() {
        try {
            return Path.of(FrozenEventFixturesTest.class.getResource("/fixtures/frozen.sha256").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int number(Path file) {
        String name = file.getFileName().toString();
        assertThat(name).as("frozen fixture " + file).matches("[1-9][0-9]*\\.json");
        return Integer.parseInt(name.substring(0, name.length() - ".json".length()));
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

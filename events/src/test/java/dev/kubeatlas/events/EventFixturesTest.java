package dev.kubeatlas.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.events.cluster.v1.ClusterRegistered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventFixturesTest {

    static Stream<EventType<?>> types() {
        return EventTypes.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void everyPublishedFixtureStillDeserializesIntoItsType(EventType<?> type) throws IOException {
        String json = fixture(type);

        CloudEvent<?> event = EventCodec.decode(json, type);

        assertThat(event.type()).isEqualTo(type.type());
        assertThat(event.specversion()).isEqualTo("1.0");
        assertThat(event.source()).startsWith("/kubeatlas/");
        assertThat(event.id()).isNotBlank();
        assertThat(event.time()).isNotNull();
        assertThat(event.data()).isInstanceOf(type.dataClass());
        assertThat(type.type()).matches("dev\\.kubeatlas\\.[a-z]+\\.[a-z-]+\\.v[0-9]+");
        assertThat(Topics.ALL).contains(type.topic());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void everyFixtureSurvivesARoundTrip(EventType<?> type) throws IOException {
        CloudEvent<?> event = EventCodec.decode(fixture(type), type);

        String again = EventCodec.encode(event);

        assertThat(EventCodec.decode(again, type)).isEqualTo(event);
    }

    @Test
    void readersIgnoreFieldsAddedLaterWithinAVersion() {
        String json = """
                {"specversion":"1.0","id":"e1","source":"/kubeatlas/cluster-service",
                 "type":"dev.kubeatlas.cluster.removed.v1","cluster":"c1","newattribute":"x",
                 "data":{"name":"c1","removedBy":"admin","reason":"decommissioned"}}""";

        var event = EventCodec.decode(json, EventTypes.CLUSTER_REMOVED);

        assertThat(event.data().name()).isEqualTo("c1");
        assertThat(event.cluster()).isEqualTo("c1");
    }

    @Test
    void createdEventsCarryContractAttributes() {
        var data = new ClusterRegistered("c1", "C1", "k3s", null, "https://10.0.0.1:6443", "v1.31.0+k3s1",
                "connected", false, Map.of(), "admin");

        var event = CloudEvent.create(EventTypes.CLUSTER_REGISTERED, "cluster-service", "c1", "c1", data);
        JsonNode tree = EventCodec.decode(EventCodec.encode(event)).data();

        assertThat(event.source()).isEqualTo("/kubeatlas/cluster-service");
        assertThat(event.datacontenttype()).isEqualTo("application/json");
        assertThat(tree.get("name").asText()).isEqualTo("c1");
        assertThat(CloudEvent.create(EventTypes.CLUSTER_REGISTERED, "x", "c1", "c1", data).id()).isNotEqualTo(event.id());
    }

    @Test
    void garbageIsRejectedAsMalformed() {
        assertThatThrownBy(() -> EventCodec.decode("{not json")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decode("{\"specversion\":\"0.3\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"}"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("specversion");
        assertThatThrownBy(() -> EventCodec.decode("{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\"}"))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decode(
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"dev.kubeatlas.cluster.removed.v1\"}",
                EventTypes.CLUSTER_REMOVED)).isInstanceOf(MalformedEventException.class).hasMessageContaining("no data");
        assertThatThrownBy(() -> EventCodec.decode(
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"dev.kubeatlas.cluster.removed.v1\",\"data\":{}}",
                EventTypes.CLUSTER_REGISTERED)).isInstanceOf(MalformedEventException.class).hasMessageContaining("Expected");
    }

    @Test
    void everyTypeHasAFixtureAndTypesAreUnique() {
        List<String> names = EventTypes.ALL.stream().map(EventType::type).toList();
        assertThat(names).doesNotHaveDuplicates();
        EventTypes.ALL.forEach(t -> assertThat(EventFixturesTest.class.getResource(path(t))).as(t.type()).isNotNull());
    }

    private static String fixture(EventType<?> type) throws IOException {
        try (InputStream in = EventFixturesTest.class.getResourceAsStream(path(type))) {
            assertThat(in).as("fixture for " + type.type()).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String path(EventType<?> type) {
        return "/dev/kubeatlas/events/fixtures/" + type.fixture();
    }
}

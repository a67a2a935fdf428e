package dev.kubeatlas.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kubeatlas.gateway.Routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The services' own OpenAPI documents as committed beside the gateway's tests ({@code src/test/resources/openapi}),
 * so the gateway's contract with them is checked without building or starting them. Each service writes its
 * document at build time to {@code <service>/target/openapi/openapi.json} (service-support sets
 * {@code quarkus.smallrye-openapi.store-schema-directory}); {@link #REFRESH} tells how to copy them here.
 */
final class ServiceDocuments {

    static final List<String> SERVICES = List.of(Routes.CLUSTER, Routes.WORKLOAD, Routes.HISTORY, Routes.METRICS, Routes.AI);
    static final Path FIXTURES = Path.of("src/test/resources/openapi");
    /** The merged document of the platform as the gateway serves it with every service up: docs/openapi.json. */
    static final Path PLATFORM = Path.of("..", "docs", "openapi.json");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static final String REFRESH = """
            To refresh the services' documents and docs/openapi.json after an API change:
              mvn -B -o -pl cluster-service,workload-service,yaml-history-service,metrics-service,ai-service -am package -DskipTests
              mvn -B -o -pl gateway -am verify -Dtest=PlatformDocumentTest -Dsurefire.failIfNoSpecifiedTests=false -Dkubeatlas.openapi.refresh=true
            then review and commit gateway/src/test/resources/openapi/*.json and docs/openapi.json.""";

    static Map<String, JsonNode> load() {
        Map<String, JsonNode> documents = new TreeMap<>();
        SERVICES.forEach(service -> documents.put(service, read(FIXTURES.resolve(service + ".json"))));
        return documents;
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.toAbsolutePath().normalize(), e);
        }
    }

    static void write(Path file, JsonNode document) {
        try {
            Files.writeString(file, JSON.writeValueAsString(document) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ServiceDocuments() {
    }
}

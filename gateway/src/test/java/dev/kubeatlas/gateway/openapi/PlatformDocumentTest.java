package dev.kubeatlas.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/openapi.json, the platform's document integrators and the generated client start from, is what the gateway
 * makes of the services' documents. With {@code -Dkubeatlas.openapi.refresh=true} it first takes the documents the
 * services wrote when they were last built, then rewrites docs/openapi.json.
 */
class PlatformDocumentTest {

    @Test
    void theCommittedPlatformDocumentIsTheMergeOfTheServicesDocuments() throws IOException {
        if (Boolean.getBoolean("kubeatlas.openapi.refresh")) {
            refresh();
        }
        JsonNode merged = OpenApiMerger.forGateway("/").merge(ServiceDocuments.load(), List.of());

        assertThat(Files.exists(ServiceDocuments.PLATFORM)).as(ServiceDocuments.REFRESH).isTrue();
        assertThat(ServiceDocuments.read(ServiceDocuments.PLATFORM)).as(ServiceDocuments.REFRESH).isEqualTo(merged);
    }

    private static void refresh() throws IOException {
        for (String service : ServiceDocuments.SERVICES) {
            Path built = Path.of("..", service, "target", "openapi", "openapi.json");
            if (Files.exists(built)) {
                Files.copy(built, ServiceDocuments.FIXTURES.resolve(service + ".json"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        ServiceDocuments.write(ServiceDocuments.PLATFORM,
                OpenApiMerger.forGateway("/").merge(ServiceDocuments.load(), List.of()));
    }
}

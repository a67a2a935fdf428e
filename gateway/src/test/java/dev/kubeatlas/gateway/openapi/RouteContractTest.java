package dev.kubeatlas.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.gateway.Routes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's routes against the services' own OpenAPI documents: every public path a service documents reaches
 * that service through the gateway, and every route of the gateway leads to at least one documented operation.
 */
class RouteContractTest {

    /** Routes kept ahead of their service's API, and why; each must still be without operations. */
    private static final Map<String, String> AHEAD_OF_THEIR_API = Map.of(
            "/api/v1/ai ai-service", "the AI service's API is still to be built");

    private final Map<String, JsonNode> documents = ServiceDocuments.load();

    @Test
    void everyPublicPathOfEveryServiceIsRoutedToThatService() {
        List<String> misrouted = new ArrayList<>();
        documents.forEach((service, document) -> document.path("paths").fieldNames().forEachRemaining(path -> {
            String owner = Routes.owner(path).orElse("nowhere");
            if (!owner.equals(service)) {
                misrouted.add(service + " documents " + path + " but the gateway routes it to " + owner);
            }
        }));

        assertThat(misrouted).as(ServiceDocuments.REFRESH).isEmpty();
        assertThat(documents.values().stream().mapToInt(document -> document.path("paths").size()).sum())
                .as("the services' documents name their paths").isGreaterThan(50);
    }

    @Test
    void everyRouteOfTheGatewayHasAnOperationInItsOwnersDocument() {
        List<String> empty = new ArrayList<>();
        Routes.prefixes().forEach((prefix, owners) -> owners.forEach(owner -> {
            long operations = operationsUnder(documents.get(owner), prefix);
            String route = prefix + " " + owner;
            if (AHEAD_OF_THEIR_API.containsKey(route)) {
                assertThat(operations).as("%s now has operations: drop it from AHEAD_OF_THEIR_API", route).isZero();
            } else if (operations == 0) {
                empty.add("the gateway routes " + prefix + " to " + owner + ", whose document has no operation there");
            }
        }));

        assertThat(empty).as(ServiceDocuments.REFRESH).isEmpty();
    }

    private static long operationsUnder(JsonNode document, String prefix) {
        long[] count = {0};
        document.path("paths").fields().forEachRemaining(path -> {
            if (path.getKey().equals(prefix) || path.getKey().startsWith(prefix + "/")) {
                count[0] += OpenApiMerger.operations(path.getValue()).size();
            }
        });
        return count[0];
    }
}

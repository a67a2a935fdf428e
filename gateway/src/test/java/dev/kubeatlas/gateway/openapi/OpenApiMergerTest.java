package dev.kubeatlas.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiMergerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** cluster-service owns /api/v1/clusters*, workload-service /api/v1/workloads*; nothing else is routed. */
    private final OpenApiMerger merger = new OpenApiMerger(path -> path.startsWith("/api/v1/clusters") ? "cluster-service"
            : path.startsWith("/api/v1/workloads") ? "workload-service" : null, "https://atlas.example.org");

    @Test
    void keepsOnlyThePathsTheGatewayRoutesToTheServiceThatDocumentsThem() {
        ObjectNode merged = merger.merge(Map.of(
                "cluster-service", document("/api/v1/clusters", "listClusters", "/api/v1/workloads", "stray", "/elsewhere", "odd"),
                "workload-service", document("/api/v1/workloads", "listWorkloads")), List.of());

        assertThat(names(merged.path("paths"))).containsExactly("/api/v1/clusters", "/api/v1/workloads");
        assertThat(merged.at("/paths/~1api~1v1~1workloads/get/operationId").asText()).isEqualTo("listWorkloads");
    }

    @Test
    void theSameComponentIsKeptOnceAndDifferentOnesOncePerServiceWithTheirReferences() {
        ObjectNode cluster = document("/api/v1/clusters", "listClusters");
        ObjectNode workload = document("/api/v1/workloads", "listWorkloads");
        for (ObjectNode doc : List.of(cluster, workload)) {
            doc.with("components").with("schemas").set("Shared", schema("string"));
        }
        cluster.with("components").with("schemas").set("Item", object("name", "string"));
        workload.with("components").with("schemas").set("Item", object("replicas", "integer"));
        respondWith(cluster, "/api/v1/clusters", "Item");
        respondWith(workload, "/api/v1/workloads", "Item");
        ((ObjectNode) cluster.at("/components/schemas/Item/properties")).putObject("shared").put("$ref", "#/components/schemas/Shared");
        ((ObjectNode) workload.at("/components/schemas/Item/properties")).putObject("shared").put("$ref", "#/components/schemas/Shared");

        ObjectNode merged = merger.merge(Map.of("cluster-service", cluster, "workload-service", workload), List.of());

        assertThat(names(merged.at("/components/schemas")))
                .contains("Shared", "ClusterService_Item", "WorkloadService_Item", "Problem")
                .doesNotContain("Item");
        assertThat(responseRef(merged, "/api/v1/clusters")).isEqualTo("#/components/schemas/ClusterService_Item");
        assertThat(responseRef(merged, "/api/v1/workloads")).isEqualTo("#/components/schemas/WorkloadService_Item");
        assertThat(merged.at("/components/schemas/WorkloadService_Item/properties/replicas/type").asText()).isEqualTo("integer");
        assertThat(merged.at("/components/schemas/ClusterService_Item/properties/shared/$ref").asText())
                .isEqualTo("#/components/schemas/Shared");
    }

    @Test
    void componentsNoRoutedPathReachesAreLeftOut() {
        ObjectNode cluster = document("/api/v1/clusters", "listClusters", "/internal/v1/known", "known");
        cluster.with("components").with("schemas").set("Known", object("name", "string"));
        respondWith(cluster, "/internal/v1/known", "Known");

        ObjectNode merged = merger.merge(Map.of("cluster-service", cluster), List.of());

        assertThat(names(merged.at("/components/schemas"))).doesNotContain("Known");
    }

    @Test
    void anOperationIdTwoServicesUseIsPrefixedWithTheService() {
        ObjectNode merged = merger.merge(Map.of(
                "cluster-service", document("/api/v1/clusters", "status"),
                "workload-service", document("/api/v1/workloads", "status")), List.of());

        assertThat(merged.at("/paths/~1api~1v1~1clusters/get/operationId").asText()).isEqualTo("clusterStatus");
        assertThat(merged.at("/paths/~1api~1v1~1workloads/get/operationId").asText()).isEqualTo("workloadStatus");
    }

    @Test
    void everyOperationNeedsTheBearerTokenKeepsItsRolesAndHasTheGatewaysErrorsAsProblems() {
        ObjectNode cluster = document("/api/v1/clusters", "listClusters");
        cluster.with("components").with("securitySchemes").putObject("SecurityScheme").put("type", "http");
        ((ObjectNode) cluster.at("/paths/~1api~1v1~1clusters/get")).putArray("security").addObject()
                .putArray("SecurityScheme").add("viewer").add("admin");

        ObjectNode merged = merger.merge(Map.of("cluster-service", cluster), List.of());

        assertThat(names(merged.at("/components/securitySchemes"))).containsExactly("bearer");
        assertThat(merged.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(merged.at("/security/0/bearer").isArray()).isTrue();
        JsonNode get = merged.at("/paths/~1api~1v1~1clusters/get");
        assertThat(get.at("/security/0/bearer").toString()).isEqualTo("[\"admin\",\"viewer\"]");
        assertThat(names(get.path("responses"))).containsExactly("200", "401", "403", "429", "503");
        assertThat(get.at("/responses/429/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(merged.at("/servers/0/url").asText()).isEqualTo("https://atlas.example.org");
        assertThat(names(merged.at("/components/schemas/Problem/properties")))
                .containsExactly("type", "title", "status", "detail", "instance", "violations");
    }

    @Test
    void missingServicesAreNamedAndAbsentWhenNoneIs() {
        ObjectNode partial = merger.merge(Map.of("cluster-service", document("/api/v1/clusters", "listClusters")),
                List.of("workload-service", "ai-service"));
        ObjectNode complete = merger.merge(Map.of("cluster-service", document("/api/v1/clusters", "listClusters")), List.of());

        assertThat(partial.path(OpenApiMerger.MISSING).toString()).isEqualTo("[\"ai-service\",\"workload-service\"]");
        assertThat(complete.has(OpenApiMerger.MISSING)).isFalse();
        assertThat(names(partial.path("paths"))).containsExactly("/api/v1/clusters");
    }

    @Test
    void theSameDocumentsGiveTheSameBytesWhateverTheirOrder() throws Exception {
        Map<String, JsonNode> forward = new LinkedHashMap<>();
        forward.put("cluster-service", document("/api/v1/clusters", "listClusters"));
        forward.put("workload-service", document("/api/v1/workloads", "listWorkloads"));
        Map<String, JsonNode> backward = new LinkedHashMap<>();
        backward.put("workload-service", forward.get("workload-service"));
        backward.put("cluster-service", forward.get("cluster-service"));

        assertThat(JSON.writeValueAsString(merger.merge(backward, List.of())))
                .isEqualTo(JSON.writeValueAsString(merger.merge(forward, List.of())));
    }

    @Test
    void theServicesDocumentsAreNotChanged() {
        ObjectNode cluster = document("/api/v1/clusters", "listClusters");
        String before = cluster.toString();

        merger.merge(Map.of("cluster-service", cluster, "workload-service", document("/api/v1/workloads", "listClusters")),
                List.of());

        assertThat(cluster.toString()).isEqualTo(before);
    }

    /** A document with a GET at each path, each answering 200. */
    static ObjectNode document(String... pathsAndIds) {
        ObjectNode document = JSON.createObjectNode().put("openapi", "3.1.0");
        document.putObject("info").put("title", "t").put("version", "1");
        ObjectNode paths = document.putObject("paths");
        for (int i = 0; i < pathsAndIds.length; i += 2) {
            ObjectNode get = paths.putObject(pathsAndIds[i]).putObject("get").put("operationId", pathsAndIds[i + 1]);
            get.putObject("responses").putObject("200").put("description", "OK");
        }
        return document;
    }

    private static void respondWith(ObjectNode document, String path, String schema) {
        ((ObjectNode) document.path("paths").path(path).at("/get/responses/200")).putObject("content")
                .putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/" + schema);
    }

    private static String responseRef(JsonNode merged, String path) {
        return merged.path("paths").path(path).at("/get/responses/200/content/application~1json/schema/$ref").asText();
    }

    private static ObjectNode schema(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    private static ObjectNode object(String property, String type) {
        ObjectNode object = JSON.createObjectNode().put("type", "object");
        object.putObject("properties").set(property, schema(type));
        return object;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

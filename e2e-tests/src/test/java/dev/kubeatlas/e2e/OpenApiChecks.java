package dev.kubeatlas.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the platform's OpenAPI document promises integrators: it parses and validates with swagger-parser without a
 * message, every operation has an operationId of its own, and every error answer is an RFC 9457 problem
 * ({@code application/problem+json} with the {@code Problem} schema).
 */
final class OpenApiChecks {

    /** The committed platform document the client is generated from. */
    static final Path SNAPSHOT = Path.of("..", "docs", "openapi.json");
    static final String PROBLEM_REF = "#/components/schemas/Problem";
    static final String REFRESH = """
            docs/openapi.json (and the services' documents under gateway/src/test/resources/openapi) no longer match \
            the platform. Refresh them from the services' code:
              mvn -B -o -pl cluster-service,workload-service,yaml-history-service,metrics-service,ai-service -am package -DskipTests
              mvn -B -o -pl gateway -am verify -Dtest=PlatformDocumentTest -Dsurefire.failIfNoSpecifiedTests=false -Dkubeatlas.openapi.refresh=true
            then review and commit them; the client in e2e-tests is generated from docs/openapi.json.""";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Everything wrong with a document; empty when it keeps every promise. */
    static List<String> findings(String document) {
        List<String> findings = new ArrayList<>(validatorMessages(document));
        JsonNode tree = parse(document);
        Map<String, String> owners = new HashMap<>();
        operations(tree).forEach((operation, node) -> {
            String id = node.path("operationId").asText("");
            if (id.isBlank()) {
                findings.add(operation + " has no operationId");
            } else if (owners.putIfAbsent(id, operation) != null) {
                findings.add(operation + " has the operationId " + id + " of " + owners.get(id));
            }
            node.path("responses").fields().forEachRemaining(response -> {
                if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                    JsonNode content = response.getValue().path("content");
                    String ref = content.path("application/problem+json").path("schema").path("$ref").asText("");
                    if (!PROBLEM_REF.equals(ref) || content.size() != 1) {
                        findings.add(operation + " answers " + response.getKey() + " with " + content
                                + ", not an application/problem+json Problem");
                    }
                }
            });
        });
        if (!tree.at("/components/schemas/Problem").isObject()) {
            findings.add("no Problem schema in the components");
        }
        return findings;
    }

    /** What swagger-parser says about the document, resolving nothing: its messages are errors of the document. */
    static List<String> validatorMessages(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        SwaggerParseResult result = new OpenAPIParser().readContents(document, null, options);
        List<String> messages = new ArrayList<>();
        if (result.getOpenAPI() == null) {
            messages.add("swagger-parser could not read the document");
        }
        if (result.getMessages() != null) {
            result.getMessages().forEach(message -> messages.add("swagger-parser: " + message));
        }
        return messages;
    }

    /** Every operation as {@code GET /api/v1/clusters}, with its node, in path order. */
    static Map<String, JsonNode> operations(JsonNode document) {
        Map<String, JsonNode> operations = new TreeMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            if (METHODS.contains(method.getKey())) {
                operations.put(method.getKey().toUpperCase() + " " + path.getKey(), method.getValue());
            }
        }));
        return operations;
    }

    /** Every operation as {@code GET /api/v1/clusters -> getClusters}: what a client generated from it depends on. */
    static Map<String, String> operationIds(JsonNode document) {
        Map<String, String> ids = new TreeMap<>();
        operations(document).forEach((operation, node) -> ids.put(operation, node.path("operationId").asText("")));
        return ids;
    }

    static JsonNode parse(String document) {
        try {
            return JSON.readTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OpenApiChecks() {
    }
}

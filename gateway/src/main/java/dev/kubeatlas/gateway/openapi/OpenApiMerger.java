package dev.kubeatlas.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kubeatlas.gateway.Routes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One OpenAPI document of the whole platform from the services' own documents, as a caller of the gateway sees it:
 * <ul>
 *   <li>paths only where the gateway routes that path to the service whose document names it ({@link Routes#owner});</li>
 *   <li>components merged: a name with the same definition everywhere is kept once; a name defined differently by
 *       two services is kept once per service, prefixed with the service ({@code WorkloadService_Item}), and every
 *       reference in that service's part follows;</li>
 *   <li>an operationId used by two services is prefixed with the service in both ({@code clusterGetStatus});</li>
 *   <li>one {@code bearer} security scheme required everywhere (an operation keeps the roles its service names),
 *       the gateway as the server;</li>
 *   <li>the errors the gateway itself answers on every route (401, 403, 429, 503, and 413 with a body) as
 *       problem+json;</li>
 *   <li>services whose documents could not be had named in {@code x-kubeatlas-missing}.</li>
 * </ul>
 * Pure and deterministic: the same documents give the same bytes, whatever order they came in.
 */
public final class OpenApiMerger {

    public static final String MISSING = "x-kubeatlas-missing";
    public static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";
    static final String PROBLEM_MEDIA_TYPE = "application/problem+json";
    static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;
    private static final String COMPONENTS_PREFIX = "#/components/";
    private static final String DEFAULT_OPENAPI = "3.1.0";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    /** The errors the gateway answers itself on every route it forwards, before or instead of the service. */
    private static final Map<String, String> GATEWAY_ERRORS = gatewayErrors();

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Function<String, String> owner;
    private final String serverUrl;

    /** @param owner the service the gateway routes a path to, or null when it routes it nowhere */
    public OpenApiMerger(Function<String, String> owner, String serverUrl) {
        this.owner = owner;
        this.serverUrl = serverUrl;
    }

    /** As the gateway routes today ({@link Routes#owner}), served from {@code serverUrl}. */
    public static OpenApiMerger forGateway(String serverUrl) {
        return new OpenApiMerger(path -> Routes.owner(path).orElse(null), serverUrl);
    }

    /**
     * @param documents each service's document, by service name
     * @param missing   services whose document could not be had
     */
    public ObjectNode merge(Map<String, JsonNode> documents, Collection<String> missing) {
        Map<String, JsonNode> services = new TreeMap<>(documents);
        ObjectNode merged = JSON.objectNode();
        merged.put("openapi", services.values().stream().map(doc -> doc.path("openapi").asText(""))
                .filter(version -> !version.isEmpty()).findFirst().orElse(DEFAULT_OPENAPI));
        merged.set("info", info(services));
        merged.putArray("servers").addObject().put("url", serverUrl).put("description", "The KubeAtlas gateway");
        merged.putArray("security").addObject().putArray(BEARER);

        Map<String, JsonNode> parts = new TreeMap<>();
        services.forEach((service, document) -> parts.put(service, part(service, document)));
        Map<String, Map<String, String>> renames = componentRenames(parts);
        ObjectNode components = JSON.objectNode();
        ObjectNode paths = JSON.objectNode();
        Set<String> tagNames = new LinkedHashSet<>();
        ArrayNode tags = JSON.arrayNode();
        Map<String, List<ObjectNode>> operationsById = new TreeMap<>();
        Map<ObjectNode, String> serviceOf = new IdentityHashMap<>();

        parts.forEach((service, part) -> {
            JsonNode document = rewriteRefs(part, renames.getOrDefault(service, Map.of()));
            document.path("paths").fields().forEachRemaining(path -> {
                ObjectNode pathItem = (ObjectNode) path.getValue();
                operations(pathItem).forEach(operation -> {
                    bearerSecurity(operation);
                    addGatewayErrors(operation);
                    String id = operation.path("operationId").asText("");
                    operationsById.computeIfAbsent(id, key -> new ArrayList<>()).add(operation);
                    serviceOf.put(operation, service);
                });
                paths.set(path.getKey(), pathItem);
            });
            document.path("tags").forEach(tag -> {
                if (tagNames.add(tag.path("name").asText())) {
                    tags.add(tag);
                }
            });
            document.path("components").fields().forEachRemaining(kind -> {
                ObjectNode target = components.has(kind.getKey()) ? (ObjectNode) components.get(kind.getKey())
                        : components.putObject(kind.getKey());
                kind.getValue().fields().forEachRemaining(component -> {
                    String name = renames.getOrDefault(service, Map.of())
                            .getOrDefault(kind.getKey() + "/" + component.getKey(), component.getKey());
                    if (!target.has(name)) {
                        target.set(name, component.getValue());
                    }
                });
            });
        });
        operationsById.forEach((id, operations) -> {
            if (!id.isEmpty() && operations.size() > 1) {
                operations.forEach(operation -> operation.put("operationId",
                        camel(serviceOf.get(operation).replaceFirst("-service$", "")) + capitalize(id)));
            }
        });

        if (!tags.isEmpty()) {
            merged.set("tags", sortedTags(tags));
        }
        merged.set("paths", sorted(paths));
        ObjectNode schemas = components.has("schemas") ? (ObjectNode) components.get("schemas") : components.putObject("schemas");
        if (!schemas.has(PROBLEM)) {
            schemas.set(PROBLEM, problemSchema());
            if (!schemas.has("Violation")) {
                schemas.set("Violation", violationSchema());
            }
        }
        ObjectNode sortedComponents = JSON.objectNode();
        new TreeMap<>(fields(components)).forEach((kind, value) -> sortedComponents.set(kind, sorted((ObjectNode) value)));
        sortedComponents.putObject("securitySchemes").putObject(BEARER)
                .put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
                .put("description", "An access token of the kubeatlas realm (audience kubeatlas) with one of the roles "
                        + "viewer, operator or admin");
        merged.set("components", sortedComponents);
        if (!missing.isEmpty()) {
            ArrayNode names = merged.putArray(MISSING);
            new TreeSet<>(missing).forEach(names::add);
        }
        return merged;
    }

    /**
     * What a service's document gives the platform's: the paths the gateway routes to that service, the components
     * those paths reach (directly or through other components), and the tags their operations use.
     */
    private ObjectNode part(String service, JsonNode document) {
        ObjectNode part = JSON.objectNode();
        ObjectNode paths = part.putObject("paths");
        new TreeMap<>(fields(document.path("paths"))).forEach((path, item) -> {
            if (service.equals(owner.apply(path))) {
                paths.set(path, item.deepCopy());
            }
        });
        Set<String> reachable = new TreeSet<>();
        Deque<JsonNode> pending = new ArrayDeque<>(List.of(paths));
        while (!pending.isEmpty()) {
            for (String key : refs(pending.pop(), new TreeSet<>())) {
                JsonNode component = component(document, key);
                if (component != null && reachable.add(key)) {
                    pending.push(component);
                }
            }
        }
        ObjectNode components = part.putObject("components");
        reachable.forEach(key -> components.withObjectProperty(key.substring(0, key.indexOf('/')))
                .set(key.substring(key.indexOf('/') + 1), component(document, key).deepCopy()));
        Set<String> used = new TreeSet<>();
        paths.forEach(item -> operations(item).forEach(operation -> operation.path("tags")
                .forEach(tag -> used.add(tag.asText()))));
        ArrayNode tags = part.putArray("tags");
        document.path("tags").forEach(tag -> {
            if (used.contains(tag.path("name").asText())) {
                tags.add(tag.deepCopy());
            }
        });
        return part;
    }

    /** The component a reference key ({@code schemas/Problem}) names in a document, or null. */
    private static JsonNode component(JsonNode document, String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return null;
        }
        JsonNode component = document.path("components").path(key.substring(0, slash)).path(key.substring(slash + 1));
        return component.isMissingNode() ? null : component;
    }

    /** Every component a part of a document refers to, as keys like {@code schemas/Problem}. */
    private static Set<String> refs(JsonNode node, Set<String> found) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(COMPONENTS_PREFIX)) {
                found.add(ref.asText().substring(COMPONENTS_PREFIX.length()));
            }
            object.forEach(child -> refs(child, found));
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> refs(child, found));
        }
        return found;
    }

    private static ObjectNode info(Map<String, JsonNode> services) {
        ObjectNode info = JSON.objectNode();
        info.put("title", "KubeAtlas API");
        info.put("description", "The whole KubeAtlas platform through its gateway: every call needs a bearer token "
                + "of the kubeatlas realm; every error is an RFC 9457 problem (application/problem+json); lists "
                + "are {items, continue} with errors per cluster for answers that span clusters.");
        info.put("version", services.values().stream().map(doc -> doc.path("info").path("version").asText(""))
                .filter(version -> !version.isEmpty()).findFirst().orElse("0.1.0"));
        return info;
    }

    /**
     * For each service, the component names it must rename: {@code "schemas/Item" -> "WorkloadService_Item"} for
     * every name whose definition differs between the services that define it.
     */
    static Map<String, Map<String, String>> componentRenames(Map<String, JsonNode> services) {
        Map<String, Map<String, JsonNode>> definitions = new TreeMap<>();
        services.forEach((service, document) -> document.path("components").fields().forEachRemaining(kind -> {
            if (!kind.getKey().equals("securitySchemes")) {
                kind.getValue().fields().forEachRemaining(component -> definitions
                        .computeIfAbsent(kind.getKey() + "/" + component.getKey(), key -> new TreeMap<>())
                        .put(service, component.getValue()));
            }
        }));
        Map<String, Map<String, String>> renames = new HashMap<>();
        definitions.forEach((key, byService) -> {
            if (new HashSet<>(byService.values()).size() > 1) {
                String name = key.substring(key.indexOf('/') + 1);
                byService.keySet().forEach(service -> renames.computeIfAbsent(service, s -> new HashMap<>())
                        .put(key, capitalize(camel(service)) + "_" + name));
            }
        });
        return renames;
    }

    private static JsonNode rewriteRefs(JsonNode node, Map<String, String> renames) {
        if (renames.isEmpty()) {
            return node;
        }
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(COMPONENTS_PREFIX)) {
                String key = ref.asText().substring(COMPONENTS_PREFIX.length());
                String renamed = renames.get(key);
                if (renamed != null) {
                    object.set("$ref", TextNode.valueOf(COMPONENTS_PREFIX + key.substring(0, key.indexOf('/') + 1) + renamed));
                }
            }
            object.fields().forEachRemaining(field -> rewriteRefs(field.getValue(), renames));
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> rewriteRefs(element, renames));
        }
        return node;
    }

    static List<ObjectNode> operations(JsonNode pathItem) {
        List<ObjectNode> operations = new ArrayList<>();
        pathItem.fields().forEachRemaining(field -> {
            if (METHODS.contains(field.getKey()) && field.getValue() instanceof ObjectNode operation) {
                operations.add(operation);
            }
        });
        return operations;
    }

    /**
     * Every routed operation needs the gateway's bearer token; the roles a service names in its own security
     * requirement stay, under the one scheme.
     */
    private static void bearerSecurity(ObjectNode operation) {
        Set<String> roles = new TreeSet<>();
        operation.path("security").forEach(requirement -> requirement.fields()
                .forEachRemaining(scheme -> scheme.getValue().forEach(role -> roles.add(role.asText()))));
        operation.remove("security");
        if (!roles.isEmpty()) {
            ArrayNode names = operation.putArray("security").addObject().putArray(BEARER);
            roles.forEach(names::add);
        }
    }

    private static void addGatewayErrors(ObjectNode operation) {
        ObjectNode responses = operation.has("responses") && operation.get("responses") instanceof ObjectNode existing
                ? existing : operation.putObject("responses");
        GATEWAY_ERRORS.forEach((status, description) -> {
            if (status.equals("413") && !operation.has("requestBody")) {
                return;
            }
            if (!responses.has(status)) {
                ObjectNode response = responses.putObject(status);
                response.put("description", description);
                response.putObject("content").putObject(PROBLEM_MEDIA_TYPE).putObject("schema").put("$ref", PROBLEM_REF);
            }
        });
        ObjectNode sorted = sorted(responses);
        operation.set("responses", sorted);
    }

    private static Map<String, String> gatewayErrors() {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("401", "Unauthorized: a valid bearer token is required");
        errors.put("403", "Forbidden: the caller's roles do not allow this");
        errors.put("413", "Payload too large: the request body is over the gateway's limit");
        errors.put("429", "Too many requests: retry after the seconds in Retry-After");
        errors.put("503", "Service unavailable: the service behind this API is out of reach; retry after the seconds in Retry-After");
        return errors;
    }

    static ObjectNode problemSchema() {
        ObjectNode problem = JSON.objectNode().put("type", "object")
                .put("description", "An RFC 9457 problem detail, the body of every error answer");
        ObjectNode properties = problem.putObject("properties");
        properties.putObject("type").put("type", "string").put("format", "uri")
                .put("description", "https://kubeatlas.dev/problems/<slug>, one per kind of problem");
        properties.putObject("title").put("type", "string")
                .put("description", "Short, human-readable summary of the kind of problem");
        properties.putObject("status").put("type", "integer").put("format", "int32").put("description", "The HTTP status code");
        properties.putObject("detail").put("type", "string").put("description", "What went wrong in this occurrence");
        properties.putObject("instance").put("type", "string").put("description", "The path of the request");
        properties.putObject("violations").put("type", "array")
                .put("description", "For validation failures: which field is wrong and why")
                .putObject("items").put("$ref", "#/components/schemas/Violation");
        problem.putArray("required").add("type").add("title").add("status");
        return problem;
    }

    private static ObjectNode violationSchema() {
        ObjectNode violation = JSON.objectNode().put("type", "object").put("description", "One invalid field of a request and why");
        ObjectNode properties = violation.putObject("properties");
        properties.putObject("field").put("type", "string").put("description", "The field or parameter, e.g. name or body.replicas");
        properties.putObject("message").put("type", "string").put("description", "What is wrong with it");
        violation.putArray("required").add("field").add("message");
        return violation;
    }

    private static ArrayNode sortedTags(ArrayNode tags) {
        List<JsonNode> list = new ArrayList<>();
        tags.forEach(list::add);
        list.sort((a, b) -> a.path("name").asText().compareTo(b.path("name").asText()));
        ArrayNode sorted = JSON.arrayNode();
        list.forEach(sorted::add);
        return sorted;
    }

    private static ObjectNode sorted(ObjectNode node) {
        ObjectNode sorted = JSON.objectNode();
        new TreeMap<>(fields(node)).forEach(sorted::set);
        return sorted;
    }

    private static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            fields.put(field.getKey(), field.getValue());
        }
        return fields;
    }

    /** {@code yaml-history-service} is {@code yamlHistoryService}. */
    static String camel(String words) {
        StringBuilder camel = new StringBuilder();
        for (String word : words.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                camel.append(camel.isEmpty() ? Character.toLowerCase(word.charAt(0)) : Character.toUpperCase(word.charAt(0)))
                        .append(word.substring(1));
            }
        }
        return camel.toString();
    }

    private static String capitalize(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}

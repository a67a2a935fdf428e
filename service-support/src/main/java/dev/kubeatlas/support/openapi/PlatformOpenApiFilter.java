package dev.kubeatlas.support.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Makes every service's OpenAPI document tell the whole truth about errors, in one shape:
 * <ul>
 *   <li>a {@code Problem} schema (RFC 9457, with {@code violations}) in the components;</li>
 *   <li>on every operation the error answers it can give and does not declare: 400 when it takes parameters or a
 *       body, 401 and 403 when it is secured, 404 when its path names something, 429 and 503 always (the gateway's
 *       rate limit, a service or a cluster out of reach); every error answer is {@code application/problem+json}
 *       with the {@code Problem} schema;</li>
 *   <li>an {@code operationId} on every operation lacking one, from its method and path
 *       ({@code GET /api/v1/clusters/{cluster}/nodes} is {@code getClustersNodesByCluster});</li>
 *   <li>no {@code /internal/**} or {@code /q/**} path: the public document is the API behind the gateway.</li>
 * </ul>
 * Registered for every service by service-support's {@code mp.openapi.filter}.
 */
public class PlatformOpenApiFilter implements OASFilter {

    public static final String PROBLEM = "Problem";
    public static final String VIOLATION = "Violation";
    public static final String PROBLEM_MEDIA_TYPE = "application/problem+json";
    static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

    /** The descriptions Quarkus gives the 401 and 403 it adds to secured operations. */
    private static final Set<String> QUARKUS_DEFAULTS = Set.of("Not Authorized", "Not Allowed");

    /** The error answers this filter knows, with the description it gives them when an operation names none. */
    static final Map<String, String> ERRORS = errors();

    private static Map<String, String> errors() {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("400", "Bad request: a parameter or the body is not valid");
        errors.put("401", "Unauthorized: a valid bearer token is required");
        errors.put("403", "Forbidden: the caller's roles do not allow this");
        errors.put("404", "Not found: nothing of that name");
        errors.put("429", "Too many requests: retry after the seconds in Retry-After");
        errors.put("503", "Service unavailable: a service or cluster is out of reach; retry after the seconds in Retry-After");
        return errors;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        addProblemSchema(openAPI.getComponents());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Set<String> operationIds = new HashSet<>();
        Map<String, PathItem> items = new TreeMap<>(openAPI.getPaths().getPathItems());
        items.forEach((path, item) -> {
            if (!isPublic(path)) {
                openAPI.getPaths().removePathItem(path);
                return;
            }
            item.getOperations().values().forEach(operation -> {
                if (operation.getOperationId() != null && !operation.getOperationId().isBlank()) {
                    operationIds.add(operation.getOperationId());
                }
            });
        });
        openAPI.getPaths().getPathItems().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> entry.getValue().getOperations().forEach((method, operation) -> {
                    if (operation.getOperationId() == null || operation.getOperationId().isBlank()) {
                        operation.setOperationId(unique(operationId(method.name(), entry.getKey()), operationIds));
                    }
                    addErrors(openAPI, entry.getKey(), entry.getValue(), operation);
                }));
    }

    /** Paths a caller of the platform may use: everything but the services' internal API and Quarkus' /q. */
    static boolean isPublic(String path) {
        return !(path.equals("/internal") || path.startsWith("/internal/") || path.equals("/q") || path.startsWith("/q/"));
    }

    /**
     * The operationId of an operation without one: the method, then the path's words in camel case, then its
     * parameters ({@code DELETE /api/v1/clusters/{name}/tags/{tag}} is {@code deleteClustersTagsByNameAndTag}).
     */
    static String operationId(String method, String path) {
        StringBuilder id = new StringBuilder(method.toLowerCase(Locale.ROOT));
        StringBuilder by = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || (id.length() == method.length() && by.isEmpty()
                    && (segment.equals("api") || segment.matches("v\\d+")))) {
                continue;
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                by.append(by.isEmpty() ? "By" : "And").append(camel(segment.substring(1, segment.length() - 1)));
            } else {
                id.append(camel(segment));
            }
        }
        return id.append(by).toString();
    }

    private static String camel(String words) {
        StringBuilder camel = new StringBuilder();
        for (String word : words.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                camel.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return camel.toString();
    }

    private static String unique(String id, Set<String> taken) {
        String candidate = id;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = id + n;
        }
        return candidate;
    }

    private static void addErrors(OpenAPI openAPI, String path, PathItem item, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        boolean takesInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty())
                || (item.getParameters() != null && !item.getParameters().isEmpty());
        boolean secured = operation.getSecurity() != null ? !operation.getSecurity().isEmpty()
                : (openAPI.getSecurity() != null && !openAPI.getSecurity().isEmpty())
                || responses.hasAPIResponse("401") || responses.hasAPIResponse("403");
        if (takesInput) {
            ensure(responses, "400");
        }
        if (secured) {
            ensure(responses, "401");
            ensure(responses, "403");
        }
        if (path.contains("{")) {
            ensure(responses, "404");
        }
        ensure(responses, "429");
        ensure(responses, "503");
        // Quarkus's own security answers say only "Not Authorized" / "Not Allowed": the platform's say why
        responses.getAPIResponses().forEach((status, response) -> {
            if (QUARKUS_DEFAULTS.contains(response.getDescription()) && ERRORS.containsKey(status)) {
                response.setDescription(ERRORS.get(status));
            }
        });
        responses.getAPIResponses().forEach((status, response) -> {
            if (isError(status) && response.getRef() == null) {
                withProblemBody(response);
            }
        });
    }

    static boolean isError(String status) {
        return status.length() == 3 && (status.charAt(0) == '4' || status.charAt(0) == '5');
    }

    private static void ensure(APIResponses responses, String status) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(ERRORS.get(status)));
        }
    }

    private static void withProblemBody(APIResponse response) {
        if (response.getDescription() == null || response.getDescription().isBlank()) {
            response.setDescription("Error");
        }
        if (response.getContent() == null) {
            response.setContent(OASFactory.createContent());
        }
        Content content = response.getContent();
        if (content.getMediaType(PROBLEM_MEDIA_TYPE) == null) {
            content.addMediaType(PROBLEM_MEDIA_TYPE,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
        } else {
            content.getMediaType(PROBLEM_MEDIA_TYPE).setSchema(OASFactory.createSchema().ref(PROBLEM_REF));
        }
        // an error answer has one body: drop other media types a generic response declaration may have added
        List.copyOf(content.getMediaTypes().keySet()).stream()
                .filter(type -> !type.equals(PROBLEM_MEDIA_TYPE))
                .forEach(content::removeMediaType);
    }

    private static void addProblemSchema(Components components) {
        components.addSchema(VIOLATION, OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("One invalid field of a request and why")
                .addProperty("field", string("The field or parameter, e.g. name or body.replicas"))
                .addProperty("message", string("What is wrong with it"))
                .addRequired("field").addRequired("message"));
        components.addSchema(PROBLEM, OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem detail, the body of every error answer")
                .addProperty("type", string("https://kubeatlas.dev/problems/<slug>, one per kind of problem")
                        .format("uri"))
                .addProperty("title", string("Short, human-readable summary of the kind of problem"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .description("The HTTP status code"))
                .addProperty("detail", string("What went wrong in this occurrence"))
                .addProperty("instance", string("The path of the request"))
                .addProperty("violations", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .description("For validation failures: which field is wrong and why")
                        .items(OASFactory.createSchema().ref("#/components/schemas/" + VIOLATION)))
                .addRequired("type").addRequired("title").addRequired("status"));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}

package dev.kubeatlas.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherHandler;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudPersistence;
import io.fabric8.kubernetes.client.server.mock.crud.PatchHandler;
import io.fabric8.kubernetes.client.server.mock.crud.PostHandler;
import io.fabric8.kubernetes.client.server.mock.crud.PutHandler;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The sandbox's API server: recorded expectations first (discovery, access reviews, the scale lists), then the CRUD
 * store, with what fabric8's CRUD mock leaves out and KubeAtlas relies on:
 * <ul>
 *   <li>{@code dryRun=All} on create, update, patch and delete (also in the DeleteOptions body): the same checks and
 *   answer, nothing stored;</li>
 *   <li>JSON merge patch with {@code null} removing a field, and strategic merge patch of the built-in kinds
 *   (415 for custom resources, as the API server);</li>
 *   <li>on create, the API server's rules for names (422 Invalid) and the namespace must exist (404 NotFound);
 *   {@code generateName} makes a name as the API server does.</li>
 * </ul>
 * Every write, real or dry, runs under one lock, so a dry run sees the store as it is.
 */
final class ApiServerDispatcher extends KubernetesCrudDispatcher {

    /** The namespaces every API server has; they exist here even when not stored. */
    static final Set<String> SYSTEM_NAMESPACES = Set.of("default", "kube-system", "kube-public", "kube-node-lease");

    private static final String MERGE_PATCH = "merge-patch+json";
    private static final String STRATEGIC_MERGE_PATCH = "strategic-merge-patch+json";

    private final Map<ServerRequest, Queue<ServerResponse>> responses;
    private final MockDispatcher expectations;
    private final Set<String> builtInGroups;
    private final ReentrantLock writes = new ReentrantLock();
    private final KubernetesCrudPersistence dryRunStore = new DryRunStore();

    /**
     * @param builtInGroups the API groups of the built-in kinds (not custom resources), which take strategic merge patches
     */
    ApiServerDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses, Set<String> builtInGroups) {
        this.responses = responses;
        this.expectations = new MockDispatcher(responses);
        this.builtInGroups = Set.copyOf(builtInGroups);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Queue<ServerResponse> expected = responses.get(new SimpleRequest(request.method(), request.getPath()));
        if (expected != null && !expected.isEmpty()) {
            return expectations.dispatch(request);
        }
        if (isWrite(request.method())) {
            String dryRun = ApiPath.parse(request.getPath()).map(p -> p.query().get("dryRun")).orElse(null);
            if (dryRun != null && !dryRun.equals("All")) {
                return Statuses.badRequest("dryRun: Unsupported value: \"" + dryRun + "\": supported values: \"All\"");
            }
        }
        return switch (request.method()) {
            case POST -> Statuses.withConflictReason(write(() -> create(request)), "AlreadyExists");
            case PUT -> Statuses.withConflictReason(write(() -> update(request)), "Conflict");
            case PATCH -> Statuses.withConflictReason(write(() -> patch(request)), "Conflict");
            case DELETE -> write(() -> delete(request));
            default -> super.dispatch(request);
        };
    }

    private static boolean isWrite(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH || method == HttpMethod.DELETE;
    }

    private MockResponse write(Supplier<MockResponse> operation) {
        writes.lock();
        try {
            return operation.get();
        } finally {
            writes.unlock();
        }
    }

    private MockResponse create(RecordedRequest request) {
        Optional<ApiPath> target = ApiPath.parse(request.getPath());
        Optional<ObjectNode> object = objectOf(request);
        if (target.isEmpty() || !target.get().isCollection() || object.isEmpty()
                || !object.get().hasNonNull("kind") || !object.get().path("metadata").isObject()) {
            // not an object created in a collection, or not one the mock accepts: it answers as before
            return dryRun(request) ? withoutStoring(request, new PostHandler(extractor(), dryRunStore))
                    : super.handleCreate(request);
        }
        ApiPath path = target.get();
        ObjectNode body = object.get();
        ObjectNode metadata = (ObjectNode) body.get("metadata");
        String kind = body.path("kind").asText();
        String name = metadata.path("name").asText("");
        if (name.isEmpty()) {
            String prefix = metadata.path("generateName").asText("");
            if (prefix.isEmpty()) {
                return Statuses.nameRequired(path.group(), kind);
            }
            name = ObjectNames.generate(prefix);
            metadata.put("name", name);
        }
        var problems = ObjectNames.problems(path.group(), path.plural(), name);
        if (!problems.isEmpty()) {
            return Statuses.invalidName(path.group(), kind, name, problems);
        }
        if (path.namespace() != null && !namespaceExists(path.namespace())) {
            return Statuses.notFound("", "namespaces", path.namespace());
        }
        RecordedRequest admitted = withBody(request, request.method(), body.toString());
        if (!dryRun(request)) {
            return super.handleCreate(admitted);
        }
        MockResponse created = withoutStoring(admitted, new PostHandler(extractor(), dryRunStore));
        // a dry-run create is given no resourceVersion: nothing was written
        return withResourceVersion(created, null);
    }

    private MockResponse update(RecordedRequest request) {
        return dryRun(request) ? dryRunUpdate(request) : super.handleUpdate(request);
    }

    private MockResponse patch(RecordedRequest request) {
        String contentType = String.valueOf(request.getHeader("Content-Type"));
        boolean merge = contentType.contains(MERGE_PATCH) && !contentType.contains(STRATEGIC_MERGE_PATCH);
        boolean strategic = contentType.contains(STRATEGIC_MERGE_PATCH);
        Optional<ApiPath> target = ApiPath.parse(request.getPath());
        if ((!merge && !strategic) || target.isEmpty() || target.get().name() == null) {
            // a JSON patch, or a patch of no single object: the mock applies it
            return dryRun(request) ? dryRunAtCurrentVersion(request, new PatchHandler(dryRunStore)) : super.handlePatch(request);
        }
        ApiPath path = target.get();
        if (strategic && !builtInGroups.contains(path.group())) {
            return Statuses.unsupportedMediaType();
        }
        Map.Entry<AttributeSet, String> current = findResource(getKey(request.getPath()));
        if (current == null) {
            return Statuses.notFound(path.group(), path.plural(), path.name());
        }
        JsonNode patch;
        try {
            patch = Serialization.jsonMapper().readTree(bodyOf(request));
        } catch (JsonProcessingException e) {
            return Statuses.badRequest("error decoding patch: " + e.getOriginalMessage());
        }
        if (patch == null || !patch.isObject()) {
            return Statuses.badRequest("the patch must be a JSON object");
        }
        ObjectNode original = (ObjectNode) Serialization.unmarshal(current.getValue(), JsonNode.class);
        JsonNode patched;
        try {
            patched = strategic ? StrategicMergePatch.apply(original, (ObjectNode) patch) : JsonMergePatch.apply(original, patch);
        } catch (StrategicMergePatch.InvalidPatchException e) {
            return Statuses.badRequest(e.getMessage());
        }
        // the patched object replaces the stored one as an update would (versions, generation, status, watch events)
        RecordedRequest update = withBody(request, HttpMethod.PUT, patched.toString());
        return dryRun(request) ? dryRunUpdate(update) : super.handleUpdate(update);
    }

    private MockResponse delete(RecordedRequest request) {
        if (!dryRun(request) && !dryRunInDeleteOptions(request)) {
            return super.handleDelete(request.getPath());
        }
        Optional<ApiPath> target = ApiPath.parse(request.getPath());
        if (target.isEmpty() || target.get().name() == null) {
            // a collection: the objects that would go
            return super.handleGet(request.getPath());
        }
        Map.Entry<AttributeSet, String> current = findResource(getKey(request.getPath()));
        if (current == null) {
            return Statuses.notFound(target.get().group(), target.get().plural(), target.get().name());
        }
        GenericKubernetesResource object = Serialization.unmarshal(current.getValue(), GenericKubernetesResource.class);
        if (!object.getFinalizers().isEmpty() && !object.isMarkedForDeletion()) {
            // finalizers hold the object: it would be marked for deletion, not removed
            object.getMetadata().setDeletionTimestamp(ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
                    .format(DateTimeFormatter.ISO_INSTANT));
        }
        return new MockResponse().setResponseCode(200).setBody(Serialization.asJson(object));
    }

    /** An update that is not stored, answered with the object at the version it was computed from. */
    private MockResponse dryRunUpdate(RecordedRequest request) {
        return dryRunAtCurrentVersion(request, new PutHandler(dryRunStore));
    }

    private MockResponse dryRunAtCurrentVersion(RecordedRequest request, KubernetesCrudDispatcherHandler handler) {
        Map.Entry<AttributeSet, String> current = findResource(getKey(request.getPath()));
        MockResponse answer = withoutStoring(request, handler);
        if (current == null) {
            return answer;
        }
        return withResourceVersion(answer, Serialization.unmarshal(current.getValue(), GenericKubernetesResource.class)
                .getMetadata().getResourceVersion());
    }

    private MockResponse withoutStoring(RecordedRequest request, KubernetesCrudDispatcherHandler handler) {
        try {
            return handler.handle(request.getPath(), request.getHeader("Content-Type"), bodyOf(request));
        } catch (KubernetesCrudDispatcherException e) {
            return new MockResponse().setResponseCode(e.getCode()).setBody(e.toStatusBody());
        }
    }

    /** {@code ?dryRun=All}; {@link #dispatch} refuses any other value, as the API server does. */
    private static boolean dryRun(RecordedRequest request) {
        return ApiPath.parse(request.getPath()).map(p -> "All".equals(p.query().get("dryRun"))).orElse(false);
    }

    /** fabric8 and kubectl send a dry-run delete's {@code dryRun: [All]} in the DeleteOptions body. */
    private static boolean dryRunInDeleteOptions(RecordedRequest request) {
        String body = bodyOf(request);
        if (body.isBlank()) {
            return false;
        }
        try {
            JsonNode options = Serialization.jsonMapper().readTree(body);
            for (JsonNode value : options.path("dryRun")) {
                if ("All".equals(value.asText())) {
                    return true;
                }
            }
            return false;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private boolean namespaceExists(String namespace) {
        return SYSTEM_NAMESPACES.contains(namespace) || findResource(getKey("/api/v1/namespaces/" + namespace)) != null;
    }

    private KubernetesAttributesExtractor extractor() {
        return (KubernetesAttributesExtractor) attributeExtractor;
    }

    private static Optional<ObjectNode> objectOf(RecordedRequest request) {
        try {
            JsonNode node = Serialization.jsonMapper().readTree(bodyOf(request));
            return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The request body, left in the request for whoever handles it next. */
    private static String bodyOf(RecordedRequest request) {
        return request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    private static RecordedRequest withBody(RecordedRequest request, HttpMethod method, String body) {
        return new RecordedRequest(request.getHttpVersion(), method, request.getPath(), request.getHeaders(),
                new Buffer(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** The answer with {@code metadata.resourceVersion} set to {@code version}, or removed when null. */
    private static MockResponse withResourceVersion(MockResponse answer, String version) {
        if (answer.code() >= 300 || answer.getBody() == null || answer.getBody().size() == 0) {
            return answer;
        }
        JsonNode object = Serialization.unmarshal(new String(answer.getBody().getBytes(), StandardCharsets.UTF_8), JsonNode.class);
        if (object.path("metadata") instanceof ObjectNode metadata) {
            if (version == null) {
                metadata.remove("resourceVersion");
            } else {
                metadata.put("resourceVersion", version);
            }
        }
        return answer.setBody(object.toString());
    }

    /** The store as a dry run sees it: read from the real one, writes go nowhere. */
    private final class DryRunStore implements KubernetesCrudPersistence {

        @Override
        public long requestResourceVersion() {
            return 0; // replaced in the answer: a dry run takes no version
        }

        @Override
        public AttributeSet getKey(String path) {
            return ApiServerDispatcher.this.getKey(path);
        }

        @Override
        public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
            return ApiServerDispatcher.this.findResource(attributes);
        }

        @Override
        public boolean isStatusSubresourceEnabledForResource(String path) {
            return ApiServerDispatcher.this.isStatusSubresourceEnabledForResource(path);
        }

        @Override
        public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                                 GenericKubernetesResource resource, String newState) {
            // a dry run stores nothing and tells no watcher
        }

        @Override
        public void reset() {
        }
    }
}

package dev.kubeatlas.sandbox;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The {@code Status} failures the API server answers, worded as it words them. */
final class Statuses {

    static final int UNPROCESSABLE_ENTITY = 422;

    private Statuses() {
    }

    /** 422 for an invalid {@code metadata.name}: {@code ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: ...}. */
    static MockResponse invalidName(String group, String kind, String name, List<String> problems) {
        List<StatusCause> causes = problems.stream().map(problem -> new StatusCauseBuilder()
                .withReason("FieldValueInvalid").withField("metadata.name")
                .withMessage("Invalid value: \"" + name + "\": " + problem).build()).toList();
        return invalid(group, kind, name, causes);
    }

    /** 422 for an object with neither {@code metadata.name} nor {@code metadata.generateName}. */
    static MockResponse nameRequired(String group, String kind) {
        return invalid(group, kind, "", List.of(new StatusCauseBuilder().withReason("FieldValueRequired")
                .withField("metadata.name").withMessage("Required value: name or generateName is required").build()));
    }

    private static MockResponse invalid(String group, String kind, String name, List<StatusCause> causes) {
        String qualifiedKind = group.isEmpty() ? kind : kind + "." + group;
        List<String> details = causes.stream().map(c -> c.getField() + ": " + c.getMessage()).toList();
        String message = qualifiedKind + " \"" + name + "\" is invalid: "
                + (details.size() == 1 ? details.get(0) : "[" + String.join(", ", details) + "]");
        return response(failure(UNPROCESSABLE_ENTITY, "Invalid", message)
                .withNewDetails().withName(name).withGroup(group.isEmpty() ? null : group).withKind(kind)
                .withCauses(causes).endDetails().build());
    }

    /** 404 for an object that is not there: {@code namespaces "nope" not found}. */
    static MockResponse notFound(String group, String plural, String name) {
        String resource = group.isEmpty() ? plural : plural + "." + group;
        return response(failure(404, "NotFound", resource + " \"" + name + "\" not found")
                .withNewDetails().withName(name).withGroup(group.isEmpty() ? null : group).withKind(plural).endDetails()
                .build());
    }

    static MockResponse badRequest(String message) {
        return response(failure(400, "BadRequest", message).build());
    }

    /** 415, what the API server answers a strategic merge patch of a custom resource. */
    static MockResponse unsupportedMediaType() {
        return response(failure(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                + "application/apply-patch+yaml").build());
    }

    /** fabric8's mock gives every 409 the reason Invalid; the API server says AlreadyExists on create, Conflict otherwise. */
    static MockResponse withConflictReason(MockResponse answer, String reason) {
        if (answer.code() != 409 || answer.getBody() == null || answer.getBody().size() == 0) {
            return answer;
        }
        Status status = Serialization.unmarshal(new String(answer.getBody().getBytes(), StandardCharsets.UTF_8), Status.class);
        status.setReason(reason);
        return answer.setBody(Serialization.asJson(status));
    }

    private static StatusBuilder failure(int code, String reason, String message) {
        return new StatusBuilder().withNewMetadata().endMetadata().withStatus("Failure").withMessage(message)
                .withReason(reason).withCode(code);
    }

    private static MockResponse response(Status status) {
        return new MockResponse().setResponseCode(status.getCode()).setHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(status));
    }
}

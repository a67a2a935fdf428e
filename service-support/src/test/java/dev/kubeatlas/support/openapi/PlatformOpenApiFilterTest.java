package dev.kubeatlas.support.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformOpenApiFilterTest {

    private final PlatformOpenApiFilter filter = new PlatformOpenApiFilter();

    @Test
    void addsTheProblemSchemaWithItsViolations() {
        OpenAPI openAPI = OASFactory.createOpenAPI();

        filter.filterOpenAPI(openAPI);

        var problem = openAPI.getComponents().getSchemas().get("Problem");
        assertThat(problem.getProperties()).containsOnlyKeys("type", "title", "status", "detail", "instance", "violations");
        assertThat(problem.getRequired()).containsExactly("type", "title", "status");
        assertThat(problem.getProperties().get("violations").getItems().getRef())
                .isEqualTo("#/components/schemas/Violation");
        assertThat(openAPI.getComponents().getSchemas().get("Violation").getProperties())
                .containsOnlyKeys("field", "message");
    }

    @Test
    void aSecuredOperationWithAPathNameAndParametersGetsEveryErrorAsProblem() {
        Operation get = operation().addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("jwt"))
                .addParameter(OASFactory.createParameter().name("cluster").in(Parameter.In.PATH));
        OpenAPI openAPI = document("/api/v1/clusters/{cluster}", OASFactory.createPathItem().GET(get));

        filter.filterOpenAPI(openAPI);

        assertThat(get.getResponses().getAPIResponses()).containsOnlyKeys("200", "400", "401", "403", "404", "429", "503");
        get.getResponses().getAPIResponses().forEach((status, response) -> {
            if (!status.equals("200")) {
                assertProblem(response);
            }
        });
        assertThat(get.getResponses().getAPIResponse("200").getContent()).isNull();
    }

    @Test
    void anOpenOperationWithoutInputGetsOnlyRateLimitAndUnavailable() {
        Operation get = operation();
        OpenAPI openAPI = document("/api/v1/version", OASFactory.createPathItem().GET(get));

        filter.filterOpenAPI(openAPI);

        assertThat(get.getResponses().getAPIResponses()).containsOnlyKeys("200", "429", "503");
    }

    @Test
    void securityOfTheWholeDocumentCountsUnlessTheOperationOptsOut() {
        Operation secured = operation();
        Operation open = operation().security(new java.util.ArrayList<>());
        OpenAPI openAPI = document("/api/v1/clusters", OASFactory.createPathItem().GET(secured).POST(open))
                .addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("jwt"));

        filter.filterOpenAPI(openAPI);

        assertThat(secured.getResponses().getAPIResponses()).containsKeys("401", "403");
        assertThat(open.getResponses().getAPIResponses()).doesNotContainKeys("401", "403");
    }

    @Test
    void quarkusGenericSecurityAnswersGetThePlatformsDescriptions() {
        Operation get = operation().addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("jwt"));
        get.getResponses().addAPIResponse("401", OASFactory.createAPIResponse().description("Not Authorized"))
                .addAPIResponse("403", OASFactory.createAPIResponse().description("Not Allowed"));
        OpenAPI openAPI = document("/api/v1/clusters", OASFactory.createPathItem().GET(get));

        filter.filterOpenAPI(openAPI);

        assertThat(get.getResponses().getAPIResponse("401").getDescription()).isEqualTo(PlatformOpenApiFilter.ERRORS.get("401"));
        assertThat(get.getResponses().getAPIResponse("403").getDescription()).isEqualTo(PlatformOpenApiFilter.ERRORS.get("403"));
        assertProblem(get.getResponses().getAPIResponse("401"));
    }

    @Test
    void aDeclaredErrorKeepsItsDescriptionAndGetsTheProblemBody() {
        Operation post = operation().requestBody(OASFactory.createRequestBody());
        post.getResponses().addAPIResponse("409", OASFactory.createAPIResponse().description("Already registered")
                .content(OASFactory.createContent().addMediaType("application/json", OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("#/components/schemas/Other")))));
        post.getResponses().addAPIResponse("400", OASFactory.createAPIResponse().description("Invalid kubeconfig"));
        OpenAPI openAPI = document("/api/v1/clusters", OASFactory.createPathItem().POST(post));

        filter.filterOpenAPI(openAPI);

        assertThat(post.getResponses().getAPIResponse("409").getDescription()).isEqualTo("Already registered");
        assertThat(post.getResponses().getAPIResponse("400").getDescription()).isEqualTo("Invalid kubeconfig");
        assertProblem(post.getResponses().getAPIResponse("409"));
        assertProblem(post.getResponses().getAPIResponse("400"));
    }

    @Test
    void operationsWithoutAnIdGetOneFromMethodAndPath() {
        Operation list = operation();
        Operation remove = operation();
        Operation named = operation().operationId("registerCluster");
        Operation tagged = operation();
        OpenAPI openAPI = document("/api/v1/clusters", OASFactory.createPathItem().GET(list).POST(named));
        openAPI.getPaths().addPathItem("/api/v1/clusters/{name}/tags/{tag}", OASFactory.createPathItem().DELETE(remove));
        openAPI.getPaths().addPathItem("/api/v1/clusters/{cluster}/api-resources", OASFactory.createPathItem().GET(tagged));

        filter.filterOpenAPI(openAPI);

        assertThat(list.getOperationId()).isEqualTo("getClusters");
        assertThat(named.getOperationId()).isEqualTo("registerCluster");
        assertThat(remove.getOperationId()).isEqualTo("deleteClustersTagsByNameAndTag");
        assertThat(tagged.getOperationId()).isEqualTo("getClustersApiResourcesByCluster");
    }

    @Test
    void aDerivedIdThatIsTakenGetsANumber() {
        Operation declared = operation().operationId("getClusters");
        Operation derived = operation();
        OpenAPI openAPI = document("/api/v1/clusters", OASFactory.createPathItem().GET(derived));
        openAPI.getPaths().addPathItem("/api/v1/registry", OASFactory.createPathItem().GET(declared));

        filter.filterOpenAPI(openAPI);

        assertThat(derived.getOperationId()).isEqualTo("getClusters2");
        assertThat(declared.getOperationId()).isEqualTo("getClusters");
    }

    @Test
    void theDerivedIdsAreTheSameOnEveryRun() {
        assertThat(PlatformOpenApiFilter.operationId("PATCH", "/api/v1/clusters/{cluster}/resources/{resource}/{name}/scale"))
                .isEqualTo("patchClustersResourcesScaleByClusterAndResourceAndName")
                .isEqualTo(PlatformOpenApiFilter.operationId("PATCH", "/api/v1/clusters/{cluster}/resources/{resource}/{name}/scale"));
        assertThat(PlatformOpenApiFilter.operationId("GET", "/api/v1/ai/diagnoses")).isEqualTo("getAiDiagnoses");
    }

    @Test
    void internalAndQuarkusPathsLeaveThePublicDocument() {
        OpenAPI openAPI = document("/api/v1/clusters", OASFactory.createPathItem().GET(operation()));
        openAPI.getPaths().addPathItem("/internal/v1/known-clusters", OASFactory.createPathItem().GET(operation()));
        openAPI.getPaths().addPathItem("/q/health", OASFactory.createPathItem().GET(operation()));
        openAPI.getPaths().addPathItem("/questions", OASFactory.createPathItem().GET(operation()));

        filter.filterOpenAPI(openAPI);

        assertThat(openAPI.getPaths().getPathItems()).containsOnlyKeys("/api/v1/clusters", "/questions");
    }

    private static Operation operation() {
        return OASFactory.createOperation().responses(OASFactory.createAPIResponses()
                .addAPIResponse("200", OASFactory.createAPIResponse().description("OK")));
    }

    private static OpenAPI document(String path, PathItem item) {
        return OASFactory.createOpenAPI().paths(OASFactory.createPaths().addPathItem(path, item));
    }

    private static void assertProblem(APIResponse response) {
        assertThat(response.getDescription()).isNotBlank();
        assertThat(response.getContent().getMediaTypes()).containsOnlyKeys("application/problem+json");
        assertThat(response.getContent().getMediaType("application/problem+json").getSchema().getRef())
                .isEqualTo("#/components/schemas/Problem");
    }
}

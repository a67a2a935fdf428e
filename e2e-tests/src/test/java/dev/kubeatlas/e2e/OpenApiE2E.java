package dev.kubeatlas.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;

import static dev.kubeatlas.e2e.PlatformSmokeE2E.GATEWAY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The platform's OpenAPI document as the started gateway serves it, without a token. */
class OpenApiE2E {

    private static String live() {
        return given().baseUri(GATEWAY).accept("application/json").get("/q/openapi")
                .then().statusCode(200).extract().asString();
    }

    @Test
    void theDocumentValidatesNamesEveryOperationOnceAndEveryErrorIsAProblem() {
        String document = live();

        assertThat(OpenApiChecks.findings(document)).isEmpty();
        assertThat(OpenApiChecks.parse(document).has("x-kubeatlas-missing"))
                .as("every service's document is in it: %s", OpenApiChecks.parse(document).path("x-kubeatlas-missing"))
                .isFalse();
    }

    @Test
    void theDocumentIsTheCommittedSnapshotInPathsAndOperationIds() throws IOException {
        Map<String, String> live = OpenApiChecks.operationIds(OpenApiChecks.parse(live()));
        Map<String, String> snapshot = OpenApiChecks.operationIds(OpenApiChecks.parse(Files.readString(OpenApiChecks.SNAPSHOT)));

        Map<String, String> differences = new TreeMap<>();
        live.forEach((operation, id) -> {
            if (!id.equals(snapshot.get(operation))) {
                differences.put(operation, "live " + id + ", snapshot " + snapshot.getOrDefault(operation, "absent"));
            }
        });
        snapshot.forEach((operation, id) -> {
            if (!live.containsKey(operation)) {
                differences.put(operation, "live absent, snapshot " + id);
            }
        });
        assertThat(differences).as(OpenApiChecks.REFRESH).isEmpty();
    }

    @Test
    void yamlWhenAskedAndTheRenderedPageAreOpen() {
        given().baseUri(GATEWAY).get("/q/openapi?format=yaml")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("application/yaml"));
        given().baseUri(GATEWAY).get("/q/docs").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("swagger-ui-bundle.js"));
    }
}

package dev.kubeatlas.cluster.rest;

import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The service's OpenAPI document names every operation and documents its error statuses as problems. */
@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
class OpenApiTest {

    @Test
    void everyOperationHasAnIdAndItsStatuses() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        List<String> ids = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            assertThat(path.startsWith("/internal") || path.startsWith("/q/")).as("%s in the public document", path).isFalse();
            if (!path.startsWith("/api/v1/")) {
                return;
            }
            assertThat(operation).as(method + " " + path).containsKey("operationId");
            ids.add((String) operation.get("operationId"));
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
            assertThat(responses).as(method + " " + path).containsKeys("401", "403");
            assertThat(responses.get("403").toString()).contains("application/problem+json");
        }));
        assertThat(ids).doesNotHaveDuplicates().contains("listClusters", "getCluster", "registerCluster",
                "listKubeconfigContexts", "updateCluster", "testClusterConnection", "getClusterHealth",
                "deleteCluster", "getEncryptionStatus", "rotateEncryptionKey");
        assertThat(doc.getMap("paths.'/api/v1/clusters/{name}'.patch.responses")).containsKeys("200", "400", "404", "409", "422");
    }
}

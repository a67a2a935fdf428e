package dev.kubeatlas.cluster.rest;

import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import dev.kubeatlas.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.kubeatlas.cluster.rest.ClusterResourceTest.PROBLEM;
import static dev.kubeatlas.cluster.rest.ClusterResourceTest.registration;
import static dev.kubeatlas.cluster.rest.ClusterResourceTest.secretToken;
import static dev.kubeatlas.cluster.rest.ClusterResourceTest.uniqueName;
import static dev.kubeatlas.testing.SandboxResource.sandbox;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Input that is not what an endpoint takes is a 400 problem naming what is wrong: never a 404, 500 or empty body. */
@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
class BadInputTest {

    @Test
    void aNulAnywhereInAKubeconfigIs400() {
        String name = uniqueName("nul");
        String inServer = sandbox().kubeconfig(name, secretToken()).replace(sandbox().url(), sandbox().url() + "\u0000x");
        String inExec = sandbox().kubeconfig(name, secretToken()).replace("    token: ",
                "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: \"aws\\u0000/bin/sh\"\n    token: ");
        for (String kubeconfig : new String[]{inServer, inExec}) {
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(registration(name, kubeconfig))
                    .queryParam("force", true).post("/api/v1/clusters")
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("type", equalTo("https://kubeatlas.dev/problems/invalid-kubeconfig"));
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("kubeconfig", kubeconfig))
                    .post("/api/v1/clusters/kubeconfig/contexts")
                    .then().statusCode(400).contentType(PROBLEM);
        }
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "kubeconfig", sandbox().kubeconfig(name, secretToken()), "region", "eu\u0000"))
                .post("/api/v1/clusters")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("region"));
    }

    @Test
    void typedQueryParametersOfTheWrongTypeAre400NamingTheParameter() {
        String name = ClusterOperationsTest.register(uniqueName("params"), sandbox().kubeconfig("q", secretToken()));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(registration(uniqueName("p"), sandbox().kubeconfig("q", secretToken())))
                .queryParam("force", "abc").post("/api/v1/clusters")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("'force'"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("region", "eu"))
                .queryParam("force", "abc").patch("/api/v1/clusters/" + name)
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("'force'"));
        given().auth().oauth2(Tokens.admin()).multiPart("name", uniqueName("p"))
                .multiPart("kubeconfig", "config.yaml", sandbox().kubeconfig("q", secretToken()).getBytes(), "application/yaml")
                .queryParam("force", "yes").post("/api/v1/clusters")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("'force'"));
        for (String query : new String[]{"checks=abc", "changes=abc", "checks=0", "changes=501", "checks=1.5"}) {
            String parameter = query.substring(0, query.indexOf('='));
            given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/" + name + "/health?" + query)
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("type", equalTo("https://kubeatlas.dev/problems/invalid-parameter"))
                    .body("detail", containsString("'" + parameter + "'"));
        }
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/" + name + "/health?checks=5&changes=5")
                .then().statusCode(200);
    }

    @Test
    void bodiesThatAreNotJsonObjectsAre400WithAProblem() {
        String name = ClusterOperationsTest.register(uniqueName("bodies"), sandbox().kubeconfig("b", secretToken()));
        for (String body : new String[]{"[1,2", "\"str\"", "123", "[]", "null", "true"}) {
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/clusters")
                    .then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400));
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/clusters/kubeconfig/contexts")
                    .then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400));
            for (String type : new String[]{"application/json", "application/merge-patch+json"}) {
                given().auth().oauth2(Tokens.admin()).contentType(type).body(body).patch("/api/v1/clusters/" + name)
                        .then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400));
            }
        }
    }

    @Test
    void aClusterNameThatIsNotADns1123LabelIs400OnEveryPath() {
        for (String bad : new String[]{"..", "%2F", "a%2Fb", "a%20b", "%00", "a%00", "%C3%A9t%C3%A9", "UPPER", "-a",
                "a".repeat(64), "a.b", "%2e%2e", "a+b"}) {
            String base = "/api/v1/clusters/" + bad;
            var admin = given().urlEncodingEnabled(false).auth().oauth2(Tokens.admin());
            admin.get(base).then().statusCode(400).contentType(PROBLEM)
                    .body("type", equalTo("https://kubeatlas.dev/problems/invalid-cluster-name"));
            given().urlEncodingEnabled(false).auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("region", "x")).patch(base).then().statusCode(400).contentType(PROBLEM);
            given().urlEncodingEnabled(false).auth().oauth2(Tokens.admin()).delete(base)
                    .then().statusCode(400).contentType(PROBLEM);
            given().urlEncodingEnabled(false).auth().oauth2(Tokens.admin()).post(base + "/test")
                    .then().statusCode(400).contentType(PROBLEM);
            given().urlEncodingEnabled(false).auth().oauth2(Tokens.viewer()).get(base + "/health")
                    .then().statusCode(400).contentType(PROBLEM);
            given().urlEncodingEnabled(false).auth().oauth2(Tokens.service())
                    .get("/internal/v1/clusters/" + bad + "/credentials")
                    .then().statusCode(400).contentType(PROBLEM);
        }
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/" + "a".repeat(63))
                .then().statusCode(404).contentType(PROBLEM);
    }
}

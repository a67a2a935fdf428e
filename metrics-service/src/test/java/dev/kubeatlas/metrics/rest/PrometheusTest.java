package dev.kubeatlas.metrics.rest;

import dev.kubeatlas.metrics.kube.PrometheusProxy;
import dev.kubeatlas.sandbox.SandboxCluster;
import dev.kubeatlas.testing.ClusterServiceWireMock;
import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import dev.kubeatlas.testing.Tokens;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.kubeatlas.testing.SandboxResource.sandbox;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Discovery finds the Prometheus Service among decoys and asks it through the API server's service proxy. */
@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
@QuarkusTestResource(ClusterServiceWireMock.class)
class PrometheusTest {

    static final String BASE = "/api/v1/metrics/clusters/";
    static final String PROXY = "/api/v1/namespaces/monitoring/services/http:prometheus-k8s:9090/proxy";

    static void prometheusIn(SandboxCluster cluster) {
        var client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("monitoring").endMetadata().build())
                .createOr(existing -> existing.update());
        for (String[] s : new String[][]{{"alertmanager-main", "9093", "alertmanager"}, {"prometheus-k8s", "9090", "prometheus"},
                {"prometheus-operator", "8080", "prometheus-operator"}}) {
            client.services().inNamespace("monitoring").resource(new ServiceBuilder().withNewMetadata().withName(s[0])
                    .addToLabels("app.kubernetes.io/name", s[2]).endMetadata()
                    .withNewSpec().addNewPort().withName("web").withPort(Integer.parseInt(s[1])).endPort().endSpec().build())
                    .createOr(existing -> existing.update());
        }
        cluster.server().expect().get().withPath(PROXY + "/api/v1/status/buildinfo")
                .andReturn(200, "{\"status\":\"success\",\"data\":{\"version\":\"2.55.1\",\"revision\":\"x\"}}").always();
        cluster.server().expect().get().withPath(PROXY + "/api/v1/query?query=up")
                .andReturn(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":"
                        + "{\"__name__\":\"up\",\"job\":\"kubelet\"},\"value\":[1795470000,\"1\"]}]}}").always();
        cluster.server().expect().get().withPath(PROXY + "/api/v1/query?query=sum%28")
                .andReturn(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error: unclosed left parenthesis\"}")
                .always();
    }

    @Test
    void prometheusIsFoundAndAnswersPromql() {
        String name = "prom-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        ClusterServiceWireMock.serve(name, sandbox().kubeconfig(name, "t"), 1);
        prometheusIn(sandbox());

        given().auth().oauth2(Tokens.viewer()).get(BASE + name + "/promql?query=up").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.viewer()).post(BASE + name + "/prometheus/detect").then().statusCode(403);
        given().auth().oauth2(Tokens.operator()).post(BASE + name + "/prometheus/detect").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get(BASE + name + "/prometheus").then().statusCode(200)
                        .body("status", equalTo("found")).body("namespace", equalTo("monitoring"))
                        .body("service", equalTo("prometheus-k8s")).body("port", equalTo("9090"))
                        .body("version", equalTo("2.55.1")).body("source", equalTo("discovered")));

        given().auth().oauth2(Tokens.viewer()).get(BASE + name + "/promql?query=up").then().statusCode(200)
                .body("resultType", equalTo("vector")).body("result[0].metric.job", equalTo("kubelet"))
                .body("prometheus", equalTo("monitoring/prometheus-k8s"));
        given().auth().oauth2(Tokens.viewer()).get(BASE + name + "/promql?query=sum(").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("unclosed left parenthesis"));
        given().auth().oauth2(Tokens.viewer()).get(BASE + name + "/promql").then().statusCode(400);
        given().auth().oauth2(Tokens.viewer()).get(BASE + name + "/promql?query=up&start=1").then().statusCode(400);

        // by hand: only what answers as a Prometheus is kept
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("namespace", "monitoring", "service", "alertmanager-main", "port", "9093"))
                .put(BASE + name + "/prometheus").then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("namespace", "monitoring", "service", "prometheus-k8s", "port", "9090"))
                .put(BASE + name + "/prometheus").then().statusCode(200).body("source", equalTo("manual"));
        given().auth().oauth2(Tokens.operator()).post(BASE + name + "/prometheus/detect").then().statusCode(409);
        given().auth().oauth2(Tokens.admin()).delete(BASE + name + "/prometheus").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.viewer()).get(BASE + name + "/prometheus").then()
                        .body("status", equalTo("found")).body("source", equalTo("discovered")));
    }

    @Test
    void candidatesPreferTheServerOverItsNeighbours() {
        var services = java.util.List.of(
                new ServiceBuilder().withNewMetadata().withName("prometheus-operated").withNamespace("monitoring").endMetadata()
                        .withNewSpec().addNewPort().withName("web").withPort(9090).endPort().endSpec().build(),
                new ServiceBuilder().withNewMetadata().withName("kube-prometheus-stack-alertmanager").withNamespace("monitoring")
                        .endMetadata().withNewSpec().addNewPort().withPort(9093).endPort().endSpec().build(),
                new ServiceBuilder().withNewMetadata().withName("prometheus-server").withNamespace("prometheus")
                        .addToLabels("app.kubernetes.io/name", "prometheus").endMetadata()
                        .withNewSpec().addNewPort().withName("http").withPort(80).endPort().endSpec().build(),
                new ServiceBuilder().withNewMetadata().withName("shop").withNamespace("default").endMetadata()
                        .withNewSpec().addNewPort().withPort(9090).endPort().endSpec().build());
        var candidates = PrometheusProxy.candidates(services).stream()
                .map(c -> c.namespace() + "/" + c.service() + ":" + c.port()).toList();
        org.assertj.core.api.Assertions.assertThat(candidates).containsExactly("prometheus/prometheus-server:80",
                "monitoring/prometheus-operated:9090");
    }
}

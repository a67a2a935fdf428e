package dev.kubeatlas.history.service.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.history.service.diff.FieldDiff;
import dev.kubeatlas.history.service.diff.StoredManifest;
import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestoreServiceTest {

    static Tarball.Entry entry(String resource, String kind, String namespace, String name) {
        String metadata = namespace == null ? "{\"name\":\"%s\"}".formatted(name)
                : "{\"name\":\"%s\",\"namespace\":\"%s\"}".formatted(name, namespace);
        return new Tarball.Entry(resource, namespace, name,
                StoredManifest.parse("{\"kind\":\"%s\",\"metadata\":%s}".formatted(kind, metadata)));
    }

    @Test
    void objectsAreRestoredInTheOrderTheClusterNeedsThem() {
        List<Tarball.Entry> entries = List.of(
                entry("ingresses.networking.k8s.io", "Ingress", "shop", "web"),
                entry("widgets.example.com", "Widget", "shop", "w"),
                entry("services", "Service", "shop", "cart"),
                entry("deployments.apps", "Deployment", "shop", "cart"),
                entry("persistentvolumeclaims", "PersistentVolumeClaim", "shop", "data"),
                entry("secrets", "Secret", "shop", "db"),
                entry("configmaps", "ConfigMap", "shop", "b-config"),
                entry("configmaps", "ConfigMap", "shop", "a-config"),
                entry("customresourcedefinitions.apiextensions.k8s.io", "CustomResourceDefinition", null, "widgets.example.com"),
                entry("namespaces", "Namespace", null, "shop"));

        assertThat(RestoreService.ordered(entries)).extracting(e -> e.manifest().path("kind").asText() + "/" + e.name())
                .containsExactly("Namespace/shop", "CustomResourceDefinition/widgets.example.com", "ConfigMap/a-config",
                        "ConfigMap/b-config", "Secret/db", "PersistentVolumeClaim/data", "Deployment/cart", "Service/cart",
                        "Ingress/web", "Widget/w");
        assertThat(RestoreService.rank("Widget")).isEqualTo(RestoreService.ORDER.size());
    }

    @Test
    void aNamespaceMappingRenamesTheNamespaceOfObjectsAndTheNameOfNamespaces() {
        Map<String, String> mapping = Map.of("shop", "shop-copy");
        assertThat(RestoreService.mapped(entry("configmaps", "ConfigMap", "shop", "c"), mapping)
                .path("metadata").path("namespace").asText()).isEqualTo("shop-copy");
        ObjectNode namespace = RestoreService.mapped(entry("namespaces", "Namespace", null, "shop"), mapping);
        assertThat(namespace.path("metadata").path("name").asText()).isEqualTo("shop-copy");
        assertThat(namespace.path("metadata").has("namespace")).isFalse();
        assertThat(RestoreService.mapped(entry("configmaps", "ConfigMap", "other", "c"), mapping)
                .path("metadata").path("namespace").asText()).isEqualTo("other");
    }

    @Test
    void onlyTheFieldsTheBackupHoldsAreComparedAndAssignedOnesAreKeptOnUpdate() {
        JsonNode live = StoredManifest.parse("""
                {"kind":"Service","metadata":{"name":"cart","resourceVersion":"42"},
                 "spec":{"clusterIP":"10.0.0.1","ports":[{"port":80,"protocol":"TCP"}],"type":"ClusterIP"}}""");
        ObjectNode desired = (ObjectNode) StoredManifest.parse("""
                {"kind":"Service","metadata":{"name":"cart"},"spec":{"ports":[{"port":80}]}}""");

        JsonNode projected = RestoreService.projected(live, desired);
        assertThat(projected.path("spec").has("clusterIP")).isFalse();
        assertThat(projected.path("spec").has("type")).isFalse();
        ObjectNode update = RestoreService.forUpdate(desired, live);
        assertThat(update.path("metadata").path("resourceVersion").asText()).isEqualTo("42");
        assertThat(update.path("spec").path("clusterIP").asText()).isEqualTo("10.0.0.1");
    }

    @Test
    void secretValuesInChangesAreRedacted() {
        List<FieldDiff.Change> changes = FieldDiff.between(
                StoredManifest.parse("{\"data\":{\"password\":\"b2xk\"},\"type\":\"Opaque\"}"),
                StoredManifest.parse("{\"data\":{\"password\":\"bmV3\"},\"type\":\"kubernetes.io/basic-auth\"}"));
        List<FieldDiff.Change> shown = RestoreService.redacted(changes);
        assertThat(shown).filteredOn(c -> c.path().startsWith("data"))
                .allSatisfy(c -> assertThat(c.to().asText()).isEqualTo("<redacted>"));
        assertThat(shown.toString()).doesNotContain("b2xk").doesNotContain("bmV3");
        assertThat(shown).filteredOn(c -> c.path().equals("type")).singleElement()
                .satisfies(c -> assertThat(c.to().asText()).isEqualTo("kubernetes.io/basic-auth"));
    }

    @Test
    void aRestoreRequestTakesTwoModesAndNamespaceNamesOnly() {
        assertThat(new RestoreService.Request(null, null, null, false).mode()).isEqualTo(RestoreService.SKIP_EXISTING);
        assertThatThrownBy(() -> new RestoreService.Request(null, null, "merge", false))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> new RestoreService.Request(null, Map.of("shop", "../x"), null, false))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.slug()).isEqualTo("invalid-restore"));
    }
}

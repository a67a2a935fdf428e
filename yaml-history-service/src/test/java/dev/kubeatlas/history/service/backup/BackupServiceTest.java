package dev.kubeatlas.history.service.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubeatlas.history.model.Scope;
import dev.kubeatlas.history.service.diff.StoredManifest;
import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which objects a backup takes and how it cleans them. */
class BackupServiceTest {

    static JsonNode object(String json) {
        return StoredManifest.parse(json);
    }

    static final Scope ALL = new Scope("prod", null, null, null);
    static final Scope SHOP = new Scope("prod", List.of("shop"), null, null);

    @Test
    void controllerOwnedObjectsAndWhatTheClusterMakesItselfAreLeftOut() {
        assertThat(BackupService.kept(ALL, "replicasets.apps", object("""
                {"metadata":{"name":"cart-5d9","namespace":"shop","ownerReferences":[{"controller":true}]}}"""))).isFalse();
        assertThat(BackupService.kept(ALL, "configmaps", object("""
                {"metadata":{"name":"cart","namespace":"shop","ownerReferences":[{"controller":false}]}}"""))).isTrue();
        assertThat(BackupService.kept(ALL, "secrets", object("""
                {"metadata":{"name":"t","namespace":"shop"},"type":"kubernetes.io/service-account-token"}"""))).isFalse();
        assertThat(BackupService.kept(ALL, "configmaps", object("""
                {"metadata":{"name":"kube-root-ca.crt","namespace":"shop"}}"""))).isFalse();
        assertThat(BackupService.kept(ALL, "services", object("""
                {"metadata":{"name":"kubernetes","namespace":"default"}}"""))).isFalse();
        assertThat(BackupService.kept(ALL, "services", object("""
                {"metadata":{"name":"kubernetes","namespace":"shop"}}"""))).isTrue();
    }

    @Test
    void theScopeDecidesTheNamespacesKubeNamespacesOnlyWhenNamed() {
        JsonNode inKubeSystem = object("{\"metadata\":{\"name\":\"x\",\"namespace\":\"kube-system\"}}");
        JsonNode inShop = object("{\"metadata\":{\"name\":\"x\",\"namespace\":\"shop\"}}");
        JsonNode inOther = object("{\"metadata\":{\"name\":\"x\",\"namespace\":\"other\"}}");
        assertThat(BackupService.kept(ALL, "configmaps", inKubeSystem)).isFalse();
        assertThat(BackupService.kept(ALL, "configmaps", inOther)).isTrue();
        assertThat(BackupService.kept(SHOP, "configmaps", inShop)).isTrue();
        assertThat(BackupService.kept(SHOP, "configmaps", inOther)).isFalse();
        assertThat(BackupService.kept(new Scope("prod", List.of("kube-system"), null, null), "configmaps", inKubeSystem))
                .isTrue();
        // a Namespace object is in the namespace it names
        assertThat(BackupService.kept(ALL, "namespaces", object("{\"metadata\":{\"name\":\"kube-public\"}}"))).isFalse();
        assertThat(BackupService.kept(SHOP, "namespaces", object("{\"metadata\":{\"name\":\"shop\"}}"))).isTrue();
    }

    @Test
    void objectsAreKeptAsTheyWouldBeAppliedWithoutWhatTheServerSet() {
        ObjectNode cleaned = BackupService.clean(object("""
                {"kind":"Service","metadata":{"name":"cart","uid":"u","resourceVersion":"9","managedFields":[],
                 "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},
                 "spec":{"clusterIP":"10.0.0.1","clusterIPs":["10.0.0.1"]},"status":{}}"""));
        assertThat(cleaned.has("status")).isFalse();
        assertThat(cleaned.path("metadata").has("uid")).isFalse();
        assertThat(cleaned.path("metadata").has("annotations")).isFalse();
        assertThat(cleaned.path("spec").has("clusterIP")).isFalse();
        ObjectNode headless = BackupService.clean(object("""
                {"kind":"Service","metadata":{"name":"db"},"spec":{"clusterIP":"None"}}"""));
        assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
    }

    @Test
    void aScopeNamesOneClusterAndValidNames() {
        assertThat(new Scope("prod", List.of(" shop ", "shop"), List.of("Deployments.apps"), " ").namespaces())
                .containsExactly("shop");
        assertThat(new Scope("prod", null, List.of("Deployments.apps"), null).kinds()).containsExactly("deployments.apps");
        assertThat(new Scope("prod", null, null, "  ").labelSelector()).isNull();
        assertThat(ALL.effectiveKinds()).isEqualTo(Scope.DEFAULT_KINDS);
        for (Runnable bad : List.<Runnable>of(() -> new Scope(null, null, null, null),
                () -> new Scope("../evil", null, null, null), () -> new Scope("prod", List.of("Shop"), null, null),
                () -> new Scope("prod", null, List.of("a/b"), null),
                () -> new Scope("prod", null, null, "x".repeat(1025)))) {
            assertThatThrownBy(bad::run).isInstanceOfSatisfying(ProblemException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.slug()).isEqualTo("invalid-scope");
            });
        }
    }
}

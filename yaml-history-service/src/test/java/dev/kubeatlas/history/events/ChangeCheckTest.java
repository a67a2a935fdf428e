package dev.kubeatlas.history.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.events.CloudEvent;
import dev.kubeatlas.events.EventTypes;
import dev.kubeatlas.events.resource.v1.ResourceChanged;
import dev.kubeatlas.history.service.diff.StoredManifest;
import dev.kubeatlas.history.service.diff.StoredManifestTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeCheckTest {

    static final JsonNode SECRET = StoredManifest.parse("""
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"cart-db","namespace":"shop"},
             "data":{"password":"hmac-sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}}""");

    static CloudEvent<ResourceChanged> event(String cluster, String resource, String kind, String apiVersion,
                                             String namespace, String name, String changeType, JsonNode manifest) {
        return CloudEvent.create(EventTypes.RESOURCE_CHANGED, "workload-service", "subject", cluster,
                new ResourceChanged(cluster, apiVersion, kind, resource, namespace, name, "uid-1", "7", changeType,
                        "external", null, manifest, "hmac-sha256:0123abcd"));
    }

    static String problem(String cluster, String resource, String kind, String apiVersion, String namespace,
                          String name, String changeType, JsonNode manifest) {
        return ChangeCheck.problem(event(cluster, resource, kind, apiVersion, namespace, name, changeType, manifest));
    }

    @Test
    void aChangeAsWorkloadServicePublishesItIsValidWhateverItsSecretValuesAreHashedWith() {
        assertThat(problem("prod-eu", "secrets", "Secret", "v1", "shop", "cart-db", "MODIFIED", SECRET)).isNull();
        assertThat(problem("prod-eu", "clusterroles.rbac.authorization.k8s.io", "ClusterRole", "rbac.authorization.k8s.io/v1",
                null, "system:aggregate-to-view", "BASELINE", SECRET)).isNull();
        assertThat(problem("prod-eu", "deployments.apps", "Deployment", "apps/v1", "shop", "cart", "DELETED", null)).isNull();
    }

    @Test
    void everyFieldTheHistoryReliesOnIsChecked() {
        assertThat(problem("prod-eu", "secrets", "Secret", "v1", "shop", "cart-db", null, SECRET)).contains("changeType");
        assertThat(problem("prod-eu", "secrets", "Secret", "v1", "shop", "cart-db", "UPSERTED", SECRET)).contains("changeType");
        assertThat(problem("Prod EU", "secrets", "Secret", "v1", "shop", "cart-db", "ADDED", SECRET)).contains("cluster");
        assertThat(problem("prod-eu", "../secrets", "Secret", "v1", "shop", "cart-db", "ADDED", SECRET)).contains("resource");
        assertThat(problem("prod-eu", "secrets", null, "v1", "shop", "cart-db", "ADDED", SECRET)).contains("kind");
        assertThat(problem("prod-eu", "secrets", "Secret", "v1/../x", "shop", "cart-db", "ADDED", SECRET)).contains("apiVersion");
        assertThat(problem("prod-eu", "secrets", "Secret", "v1", "shop", "..", "ADDED", SECRET)).contains("name");
        assertThat(problem("prod-eu", "secrets", "Secret", "v1", "shop", "a/b", "ADDED", SECRET)).contains("name");
        assertThat(problem("prod-eu", "secrets", "Secret", "v1", "shop", "x".repeat(254), "ADDED", SECRET)).contains("name");
        assertThat(problem("prod-eu", "secrets", "Secret", "v1", "Shop_1", "cart-db", "ADDED", SECRET)).contains("namespace");
        assertThat(problem("prod-eu", "secrets", "Secret", "v1", "shop", "cart-db", "ADDED", null)).contains("manifest");
    }

    @Test
    void aManifestNestedTooDeeplyIsRefused() {
        assertThat(problem("prod-eu", "configmaps", "ConfigMap", "v1", "shop", "deep", "ADDED", StoredManifestTest.nested(900)))
                .contains("nested more than 100 levels");
        assertThat(problem("prod-eu", "configmaps", "ConfigMap", "v1", "shop", "deep", "ADDED", StoredManifestTest.nested(50)))
                .isNull();
    }
}

package dev.kubeatlas.cluster.service;

import dev.kubeatlas.cluster.model.Cluster;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The merge patch (RFC 7386) of a registration's own fields. */
class ClusterPatchTest {

    private static Cluster cluster() {
        Cluster c = new Cluster();
        c.name = "shop";
        c.displayName = "Shop";
        c.description = "the shop";
        c.provider = "gke";
        c.region = "eu-west";
        c.tags = Map.of("env", "prod", "team", "shop");
        c.server = "https://1.2.3.4.example.eks.amazonaws.com";
        c.checkIntervalSeconds = 60;
        return c;
    }

    private static ClusterChange change(String displayName, String description, String provider, String region,
                                        Map<String, String> tags, Integer interval, String... removed) {
        return new ClusterChange(null, displayName, description, provider, region, tags, null, null, interval,
                Set.of(removed));
    }

    @Test
    void aGivenValueReplacesAndOnlyRealChangesAreNamed() {
        Cluster c = cluster();
        var changed = ClusterPatch.apply(c, change("Shop (EU)", "the shop", null, "eu-north", null, null));
        assertThat(changed).containsExactly("displayName", "region");
        assertThat(c.displayName).isEqualTo("Shop (EU)");
        assertThat(c.region).isEqualTo("eu-north");
        assertThat(c.description).isEqualTo("the shop");
        assertThat(c.provider).isEqualTo("gke");
    }

    @Test
    void anEmptyChangeChangesNothing() {
        Cluster c = cluster();
        assertThat(ClusterPatch.apply(c, change(null, null, null, null, null, null))).isEmpty();
        assertThat(c.tags).containsEntry("env", "prod");
    }

    @Test
    void nullGoesBackToTheDefault() {
        Cluster c = cluster();
        var changed = ClusterPatch.apply(c, change(null, null, null, null, null, null,
                "displayName", "description", "provider", "region", "tags", "checkIntervalSeconds"));
        assertThat(changed).containsExactly("displayName", "description", "provider", "region", "tags",
                "checkIntervalSeconds");
        assertThat(c.displayName).isEqualTo("shop");
        assertThat(c.description).isNull();
        assertThat(c.provider).isEqualTo("eks");
        assertThat(c.region).isNull();
        assertThat(c.tags).isEmpty();
        assertThat(c.checkIntervalSeconds).isNull();
    }

    @Test
    void aSandboxGoesBackToItsSimulatedNameAndProvider() {
        Cluster c = cluster();
        c.sandbox = true;
        ClusterPatch.apply(c, change(null, null, null, null, null, null, "displayName", "provider"));
        assertThat(c.displayName).isEqualTo("shop (simulated)");
        assertThat(c.provider).isEqualTo("sandbox");
    }

    @Test
    void tagsMergeKeyByKeyAndANullValueRemovesTheKey() {
        Cluster c = cluster();
        Map<String, String> patch = new HashMap<>();
        patch.put("env", null);
        patch.put("tier", "gold");
        assertThat(ClusterPatch.apply(c, change(null, null, null, null, patch, null))).containsExactly("tags");
        assertThat(c.tags).isEqualTo(Map.of("team", "shop", "tier", "gold"));
    }

    @Test
    void theIntervalHasAFloorAndZeroMeansTheDefault() {
        Cluster c = cluster();
        assertThat(ClusterPatch.apply(c, change(null, null, null, null, null, 1))).containsExactly("checkIntervalSeconds");
        assertThat(c.checkIntervalSeconds).isEqualTo(ClusterPatch.MIN_INTERVAL_SECONDS);
        ClusterPatch.apply(c, change(null, null, null, null, null, 0));
        assertThat(c.checkIntervalSeconds).isNull();
    }

    @Test
    void aBlankProviderIsNotAChangeAndAnEmptyDescriptionRemovesIt() {
        Cluster c = cluster();
        assertThat(ClusterPatch.apply(c, change(null, "", " ", null, null, null))).containsExactly("description");
        assertThat(c.provider).isEqualTo("gke");
        assertThat(c.description).isNull();
    }

    @Test
    void newCredentialsAreAskedForByAKubeconfigAContextOrARemovedContext() {
        assertThat(change(null, null, null, null, null, null).newCredentials()).isFalse();
        assertThat(ClusterChange.credentials("apiVersion: v1", null).newCredentials()).isTrue();
        assertThat(change(null, null, null, null, null, null, "context").newCredentials()).isTrue();
        assertThat(ClusterChange.credentials("token: s3cr3t", "ctx").toString()).doesNotContain("s3cr3t");
    }
}

package dev.kubeatlas.sandbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectNamesTest {

    @Test
    void mostKindsTakeADns1123Subdomain() {
        assertThat(ObjectNames.problems("", "configmaps", "frontend-config.v2")).isEmpty();
        assertThat(ObjectNames.problems("apps", "deployments", "a".repeat(253))).isEmpty();
        assertThat(ObjectNames.problems("apps", "deployments", "a".repeat(254))).containsExactly("must be no more than 253 characters");
        assertThat(ObjectNames.problems("", "configmaps", "Bad_Name")).singleElement().asString()
                .startsWith("a lowercase RFC 1123 subdomain must consist of");
        assertThat(ObjectNames.problems("", "pods", "-web")).hasSize(1);
        assertThat(ObjectNames.problems("", "pods", "web.")).hasSize(1);
    }

    @Test
    void namespacesTakeADns1123LabelServicesADns1035Label() {
        assertThat(ObjectNames.problems("", "namespaces", "shop-data")).isEmpty();
        assertThat(ObjectNames.problems("", "namespaces", "123-abc")).isEmpty();
        assertThat(ObjectNames.problems("", "namespaces", "shop.data")).singleElement().asString()
                .startsWith("a lowercase RFC 1123 label");
        assertThat(ObjectNames.problems("", "namespaces", "a".repeat(64))).containsExactly("must be no more than 63 characters");
        assertThat(ObjectNames.problems("", "services", "frontend")).isEmpty();
        assertThat(ObjectNames.problems("", "services", "1frontend")).singleElement().asString().startsWith("a DNS-1035 label");
        assertThat(ObjectNames.problems("", "services", "front.end")).hasSize(1);
    }

    @Test
    void rbacNamesArePathSegmentsAndCronJobsAreShort() {
        assertThat(ObjectNames.problems("rbac.authorization.k8s.io", "clusterroles", "system:controller:Job")).isEmpty();
        assertThat(ObjectNames.problems("rbac.authorization.k8s.io", "roles", "a/b")).containsExactly("may not contain '/'");
        assertThat(ObjectNames.problems("rbac.authorization.k8s.io", "roles", "..")).containsExactly("may not be '..'");
        assertThat(ObjectNames.problems("batch", "cronjobs", "a".repeat(52))).isEmpty();
        assertThat(ObjectNames.problems("batch", "cronjobs", "a".repeat(53))).containsExactly("must be no more than 52 characters");
    }

    @Test
    void generatedNamesArePrefixAndFiveCharacters() {
        assertThat(ObjectNames.generate("job-")).matches("job-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(ObjectNames.generate("x".repeat(80))).hasSize(63);
    }
}

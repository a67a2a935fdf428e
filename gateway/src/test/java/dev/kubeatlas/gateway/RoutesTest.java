package dev.kubeatlas.gateway;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RoutesTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "/api/v1/clusters, cluster-service",
            "/api/v1/clusters/prod, cluster-service",
            "/api/v1/clusters/prod/, cluster-service",
            "/api/v1/clusters/prod/test, cluster-service",
            "/api/v1/clusters/prod/health, cluster-service",
            "/api/v1/clusters/kubeconfig/contexts, cluster-service",
            "/api/v1/clusters/prod/resources/deployments/cart, workload-service",
            "/api/v1/clusters/prod/api-resources, workload-service",
            "/api/v1/clusters/prod/namespaces/shop/quota-usage, workload-service",
            "/api/v1/search, workload-service",
            "/api/v1/resources/pods, workload-service",
            "/api/v1/compare/deployments/cart, workload-service",
            "/api/v1/history/prod/deployments/shop/cart, yaml-history-service",
            "/api/v1/backups, yaml-history-service",
            "/api/v1/metrics/summary, metrics-service",
            "/api/v1/ai/chat, ai-service",
            "/api/v1/clusters/prod/diagnoses, ai-service",
            "/api/v1/clusters/prod/findings, ai-service",
            "/api/v1/diagnoses/0b7c6f0e-3f1a-4a57-9d8e-2f1d5c6b7a80, ai-service",
            "/api/v1/clusters/diagnoses, cluster-service",
            "/api/v1/clusters/prod/resources/diagnoses, workload-service",
            "/api/v1/admin/encryption/rotate, cluster-service",
            "/internal/v1/clusters/prod/credentials, -",
            "/api/v1/unknown, -",
            "/api/v2/clusters, -",
            "/q/health, -"})
    void routesEachApiToItsOwner(String path, String owner) {
        assertThat(Routes.owner(path).orElse(null)).isEqualTo(owner);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "/api/v1/clusters, /api/v1/clusters",
            "/api/v1/clusters/some-secret-name, /api/v1/clusters/{cluster}",
            "/api/v1/clusters/health/health, /api/v1/clusters/{cluster}/health",
            "/api/v1/clusters/kubeconfig/contexts, /api/v1/clusters/kubeconfig/contexts",
            "/api/v1/clusters/prod/resources/deployments/cart, /api/v1/clusters/{cluster}/resources/{name}/{name}",
            "/api/v1/history/prod/deployments/shop/cart/versions/3, /api/v1/history/{name}/{name}/{name}/{name}/versions/{name}",
            "/api/v1/metrics/alerts, /api/v1/metrics/alerts",
            "/api/v1/clusters/prod/diagnoses, /api/v1/clusters/{cluster}/diagnoses",
            "/api/v1/diagnoses/0b7c6f0e-3f1a-4a57-9d8e-2f1d5c6b7a80, /api/v1/diagnoses/{name}",
            "/api/v1/backups/, /api/v1/backups/",
            "/api/v1/customer-acme, /api/v1/{name}",
            "/q/metrics, -"})
    void templatesNameNoClusterOrObject(String path, String template) {
        assertThat(Routes.template(path)).isEqualTo(template);
    }
}

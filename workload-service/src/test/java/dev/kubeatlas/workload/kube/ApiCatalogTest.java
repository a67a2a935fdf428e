package dev.kubeatlas.workload.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Discovery documents as an API server, or something posing as one, may answer them. */
class ApiCatalogTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(false);
        server.start();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void aPartialOrNonsensicalDiscoveryIsSkippedNotAFailure() {
        server.expect().get().withPath("/api/v1").andReturn(200,
                "{\"kind\":\"APIResourceList\",\"resources\":[{\"name\":\"pods\",\"kind\":\"Pod\",\"namespaced\":true},"
                        + "{\"kind\":\"NoName\"},{\"name\":\"nokind\"},null]}").always();
        server.expect().get().withPath("/apis").andReturn(200,
                "{\"kind\":\"APIGroupList\",\"groups\":[{\"name\":null},{\"name\":\"apps\"},{\"name\":\"empty\",\"versions\":[]},"
                        + "{\"name\":\"batch\",\"preferredVersion\":{\"version\":\"v1\"}}]}").always();
        server.expect().get().withPath("/apis/batch/v1").andReturn(200, "{\"kind\":\"APIResourceList\"}").always();

        List<ApiResourceType> types = ApiCatalog.discover(client);

        assertThat(types).extracting(ApiResourceType::qualifiedName).containsExactly("pods");
    }
}

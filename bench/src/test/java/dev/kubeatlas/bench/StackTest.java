package dev.kubeatlas.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackTest {

    static final Map<String, String> ENV = Map.of("KUBEATLAS_STATE", "/srv/ka/.kubeatlas", "KUBEATLAS_LAUNCHER", "/srv/ka/kubeatlas",
            "KUBEATLAS_SERVICES", "cluster-service:8081 workload-service:8082  gateway:8080", "KUBEATLAS_DB_NAME", "kubeatlas_ab12",
            "KUBEATLAS_KAFKA_PORT", "19092");

    @Test
    void theLaunchersDescriptionOfTheStack() {
        Stack s = new Stack(ENV);
        assertThat(s.services).containsExactly(new Stack.Service("cluster-service", 8081),
                new Stack.Service("workload-service", 8082), new Stack.Service("gateway", 8080));
        assertThat(s.port("workload-service")).isEqualTo(8082);
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/kubeatlas_ab12");
        assertThat(s.kafkaBootstrap()).isEqualTo("127.0.0.1:19092");
        assertThat(s.gateway("/api/v1/clusters")).isEqualTo("http://127.0.0.1:8080/api/v1/clusters");
        assertThat(s.log("gateway")).isEqualTo(Path.of("/srv/ka/.kubeatlas/logs/gateway.log"));
        assertThat(s.pid("gateway")).isEmpty();
    }

    @Test
    void withoutTheLauncherThereIsNoStack() {
        assertThatThrownBy(() -> new Stack(Map.of())).isInstanceOf(BenchFailure.class)
                .hasMessageContaining("KUBEATLAS_STATE");
    }
}

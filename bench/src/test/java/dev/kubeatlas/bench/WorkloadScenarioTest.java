package dev.kubeatlas.bench;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadScenarioTest {

    @Test
    void theBenchmarkClustersASearchAnswerNames() throws Exception {
        var answer = Api.JSON.readTree("""
                {"items":[{"cluster":"bench-1","kind":"Pod","name":"bench-pod-09999"},
                          {"cluster":"bench-10","kind":"Pod","name":"bench-pod-09999"},
                          {"cluster":"bench-1","kind":"Pod","name":"bench-pod-09999-x"},
                          {"cluster":"sandbox","kind":"Pod","name":"bench-pod-09999"},
                          {"cluster":"bench-x","kind":"Pod","name":"bench-pod-09999"}],"total":5}
                """);
        assertThat(WorkloadScenario.benchClusters(answer)).containsExactlyInAnyOrder("bench-1", "bench-10");
    }

    @Test
    void queriesRotateOverFourKinds() {
        Random random = new Random(1);
        assertThat(WorkloadScenario.query(0, random, 2000)).matches("bench-pod-0[0-1]\\d{3}");
        assertThat(WorkloadScenario.query(1, random, 2000)).matches("svc-\\d{1,3}");
        assertThat(WorkloadScenario.query(2, random, 2000)).matches("kubeatlas-bench/svc-\\d{1,3}:1\\.\\d");
        assertThat(WorkloadScenario.query(3, random, 2000)).matches("pod-0\\d");
    }
}

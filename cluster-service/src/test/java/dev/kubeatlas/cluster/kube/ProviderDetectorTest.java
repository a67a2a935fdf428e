package dev.kubeatlas.cluster.kube;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderDetectorTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "https://ABC.gr7.eu-west-1.eks.amazonaws.com, -, -, eks",
            "https://10.0.0.1:6443, aws, -, eks",
            "https://10.0.0.1:6443, -, v1.30.5-eks-ce1d5eb, eks",
            "https://cls-1.cn-hangzhou.cs.aliyuncs.com:6443, -, -, ack",
            "https://x.cce.cn-north-4.myhuaweicloud.com:5443, -, -, cce",
            "https://cls-abc.ccs.tencent-cloud.com, -, -, tke",
            "https://prod-dns-1.hcp.westeurope.azmk8s.io:443, -, -, aks",
            "https://34.1.2.3, gke-gcloud-auth-plugin, -, gke",
            "https://10.0.0.1:6443, -, v1.31.2+k3s1, k3s",
            "http://127.0.0.1:6443, -, v1.31.4+kubeatlas-sandbox, sandbox",
            "https://10.0.0.1:6443, -, v1.31.0, generic"})
    void detectsTheProvider(String server, String exec, String version, String expected) {
        assertThat(ProviderDetector.detect(server, exec, version)).isEqualTo(expected);
    }
}

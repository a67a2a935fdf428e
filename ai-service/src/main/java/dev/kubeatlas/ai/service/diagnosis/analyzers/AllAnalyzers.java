package dev.kubeatlas.ai.service.diagnosis.analyzers;

import dev.kubeatlas.ai.service.diagnosis.Analyzer;

import java.util.List;

/** The analyzers a full diagnosis runs, in a fixed order. */
public final class AllAnalyzers {

    private AllAnalyzers() {
    }

    public static List<Analyzer> list() {
        return List.of(new PodSchedulingAnalyzer(), new ContainerCrashAnalyzer(), new ContainerConfigAnalyzer(),
                new ImagePullAnalyzer(), new InitContainerAnalyzer(), new ProbeAnalyzer(), new PodEvictionAnalyzer(),
                new WorkloadAvailabilityAnalyzer(), new WorkloadCreationAnalyzer(), new ServiceAnalyzer(),
                new IngressAnalyzer(), new PersistentVolumeClaimAnalyzer(), new JobAnalyzer(), new CronJobAnalyzer(),
                new NodeAnalyzer(), new HorizontalPodAutoscalerAnalyzer(), new PodDisruptionBudgetAnalyzer(),
                new NetworkPolicyAnalyzer(), new ResourceQuotaAnalyzer());
    }
}

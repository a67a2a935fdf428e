package dev.kubeatlas.ai.service.diagnosis.analyzers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.ai.service.diagnosis.Analyzer;
import dev.kubeatlas.ai.service.diagnosis.ClusterSnapshot;
import dev.kubeatlas.ai.service.diagnosis.DiagnosisCode;
import dev.kubeatlas.ai.service.diagnosis.Evidence;
import dev.kubeatlas.ai.service.diagnosis.Finding;
import dev.kubeatlas.ai.service.diagnosis.KubeObjects;
import dev.kubeatlas.ai.service.diagnosis.ObjectRef;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/**
 * Decides that a CronJob is broken: its schedule is not valid cron (naming the bad field), or its most recent Jobs
 * (at least two) all failed — with the failure of the last Job's pod. The failed Jobs are its symptoms.
 */
public final class CronJobAnalyzer implements Analyzer {

    /** How many most recent Jobs must all have failed. */
    static final int RECENT_JOBS = 2;

    @Override
    public List<Finding> analyze(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode cj : snapshot.all("CronJob")) {
            ObjectRef ref = KubeObjects.ref("CronJob", cj);
            String schedule = text(cj, "spec", "schedule");
            String problem = CronSchedule.problem(schedule);
            if (problem != null) {
                findings.add(Finding.of(DiagnosisCode.CRONJOB_INVALID_SCHEDULE, ref,
                        "CronJob " + ref.namespace() + "/" + ref.name() + " has an invalid schedule \"" + schedule + "\": " + problem + ", so it never runs.",
                        List.of(), List.of(Evidence.spec(ref, "spec.schedule", schedule)),
                        "Write the schedule as five cron fields, e.g. \"*/5 * * * *\"."));
                continue;
            }
            List<JsonNode> jobs = new ArrayList<>(snapshot.owned(cj, "Job").stream().map(snapshot::get).toList());
            jobs.removeIf(j -> finishedAt(j) == null);
            jobs.sort(Comparator.comparing(CronJobAnalyzer::finishedAt));
            if (jobs.size() < RECENT_JOBS) {
                continue;
            }
            List<JsonNode> recent = jobs.subList(jobs.size() - RECENT_JOBS, jobs.size());
            if (!recent.stream().allMatch(CronJobAnalyzer::failed)) {
                continue;
            }
            int failedInRow = 0;
            for (int i = jobs.size() - 1; i >= 0 && failed(jobs.get(i)); i--) {
                failedInRow++;
            }
            List<Evidence> evidence = new ArrayList<>();
            List<ObjectRef> symptoms = new ArrayList<>();
            for (JsonNode j : jobs.subList(jobs.size() - failedInRow, jobs.size())) {
                ObjectRef jr = KubeObjects.ref("Job", j);
                symptoms.add(jr);
                JsonNode c = KubeObjects.condition(j, "Failed");
                evidence.add(Evidence.status(jr, "status.conditions[Failed]", text(c, "reason"), text(c, "lastTransitionTime")));
            }
            ObjectRef lastJob = symptoms.get(symptoms.size() - 1);
            String failure = JobAnalyzer.lastPodFailure(snapshot, lastJob, evidence, symptoms);
            findings.add(Finding.of(DiagnosisCode.CRONJOB_FAILING, ref,
                    "CronJob " + ref.namespace() + "/" + ref.name() + " (schedule \"" + schedule + "\") failed its last "
                            + failedInRow + " runs; in the latest, Job " + lastJob.name()
                            + (failure != null ? ", " + failure : " failed") + ".",
                    symptoms, evidence, "Fix the failure of the job's pods; the next scheduled run will pick up the fix."));
        }
        return findings;
    }

    private static boolean failed(JsonNode job) {
        JsonNode c = KubeObjects.condition(job, "Failed");
        return c != null && "True".equals(text(c, "status"));
    }

    private static String finishedAt(JsonNode job) {
        for (String type : List.of("Failed", "Complete")) {
            JsonNode c = KubeObjects.condition(job, type);
            if (c != null && "True".equals(text(c, "status"))) {
                return text(c, "lastTransitionTime");
            }
        }
        return null;
    }
}

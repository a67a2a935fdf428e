package dev.kubeatlas.workload.service.actions;

import dev.kubeatlas.workload.kube.KubeObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kubeatlas.workload.service.Fixtures.object;
import static org.assertj.core.api.Assertions.assertThat;

class WorkloadActionsTest {

    static final KubeObject DEPLOYMENT = object("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'cart',"
            + "'namespace':'shop','uid':'d1','annotations':{'deployment.kubernetes.io/revision':'3'}}}");

    static KubeObject replicaSet(String name, String revision, String ownerUid, String image) {
        return replicaSet(name, revision, "cart", ownerUid, image);
    }

    static KubeObject replicaSet(String name, String revision, String owner, String ownerUid, String image) {
        return object("{'apiVersion':'apps/v1','kind':'ReplicaSet','metadata':{'name':'" + name + "','namespace':'shop',"
                + "'creationTimestamp':'2026-01-0" + revision + "T00:00:00Z','annotations':{'deployment.kubernetes.io/revision':'" + revision + "',"
                + "'kubernetes.io/change-cause':'v" + revision + "'},'ownerReferences':[{'apiVersion':'apps/v1','kind':'Deployment',"
                + "'name':'" + owner + "','uid':'" + ownerUid + "'}]},'spec':{'replicas':" + ("3".equals(revision) ? 2 : 0) + ","
                + "'template':{'spec':{'containers':[{'name':'web','image':'" + image + "'}]}}}}");
    }

    @Test
    void revisionsAreTheOwnedReplicaSetsNewestFirst() {
        List<WorkloadActions.Revision> revisions = WorkloadActions.revisionsOf(DEPLOYMENT, List.of(
                replicaSet("cart-1", "1", "d1", "cart:1"), replicaSet("cart-3", "3", "d1", "cart:3"),
                replicaSet("cart-2", "2", "d1", "cart:2"), replicaSet("other-9", "9", "other", "someone-else", "x"),
                object("{'kind':'ReplicaSet','metadata':{'name':'cart-hand','annotations':{'deployment.kubernetes.io/revision':'x7'},"
                        + "'ownerReferences':[{'kind':'Deployment','name':'cart','uid':'d1'}]}}")));

        assertThat(revisions).extracting(WorkloadActions.Revision::replicaSet).containsExactly("cart-3", "cart-2", "cart-1");
        assertThat(revisions.get(0)).satisfies(r -> {
            assertThat(r.current()).isTrue();
            assertThat(r.images()).containsExactly("cart:3");
            assertThat(r.changeCause()).isEqualTo("v3");
            assertThat(r.replicas()).isEqualTo(2);
            assertThat(r.createdAt()).isEqualTo("2026-01-03T00:00:00Z");
        });
        assertThat(revisions.subList(1, 3)).noneMatch(WorkloadActions.Revision::current);
    }

    @Test
    void aTriggeredJobIsOwnedByItsCronJobAndNamedAfterIt() {
        KubeObject cronJob = object("{'apiVersion':'batch/v1','kind':'CronJob','metadata':{'name':'nightly','namespace':'ops','uid':'c1'},"
                + "'spec':{'jobTemplate':{'metadata':{'labels':{'job':'nightly'}},'spec':{'template':{'spec':{'containers':[{'name':'x'}]}}}}}}");

        KubeObject job = WorkloadActions.jobFrom(cronJob);

        assertThat(job.kind()).isEqualTo("Job");
        assertThat(job.namespace()).isEqualTo("ops");
        assertThat(job.name()).startsWith("nightly-manual-");
        assertThat(job.labels()).containsEntry("job", "nightly");
        assertThat(job.annotation("cronjob.kubernetes.io/instantiate")).isEqualTo("manual");
        assertThat(job.owners()).containsExactly(new KubeObject.Owner("batch/v1", "CronJob", "nightly", "c1"));
        assertThat(job.json().path("spec").path("template").path("spec").path("containers")).hasSize(1);
    }

    @Test
    void rolloutStatusJudgesAsKubectlDoes() {
        WorkloadActions.RolloutStatus rolling = WorkloadActions.rolloutStatus(object("{'kind':'Deployment','metadata':{'name':'d','generation':2},"
                + "'spec':{'replicas':3},'status':{'observedGeneration':2,'updatedReplicas':1,'replicas':3}}").json());
        assertThat(rolling.done()).isFalse();
        assertThat(rolling.message()).isEqualTo("1 of 3 new replicas updated");

        WorkloadActions.RolloutStatus done = WorkloadActions.rolloutStatus(object("{'kind':'Deployment','metadata':{'name':'d','generation':2},"
                + "'spec':{'replicas':2},'status':{'observedGeneration':2,'updatedReplicas':2,'replicas':2,'availableReplicas':2,'readyReplicas':2}}").json());
        assertThat(done.done()).isTrue();
        assertThat(done.message()).isEqualTo("successfully rolled out");
        assertThat(done.available()).isEqualTo(2);

        WorkloadActions.RolloutStatus stuck = WorkloadActions.rolloutStatus(object("{'kind':'Deployment','metadata':{'name':'d'},"
                + "'status':{'conditions':[{'type':'Progressing','reason':'ProgressDeadlineExceeded'}]}}").json());
        assertThat(stuck.failed()).isTrue();
        assertThat(stuck.done()).isFalse();
    }
}

package dev.kubeatlas.workload.service.insight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.workload.kube.KubeObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static dev.kubeatlas.workload.service.Fixtures.object;
import static org.assertj.core.api.Assertions.assertThat;

class PlacementTest {

    static KubeObject node(String name, String extraSpec, String cpu) {
        return object("{'apiVersion':'v1','kind':'Node','metadata':{'name':'" + name + "','labels':{'disk':'ssd'}},"
                + "'spec':{" + extraSpec + "},'status':{'allocatable':{'cpu':'" + cpu + "','memory':'4Gi','pods':'110'},"
                + "'conditions':[{'type':'Ready','status':'True'}]}}");
    }

    static final KubeObject WORKLOAD = object("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'cart','namespace':'shop'},"
            + "'spec':{'template':{'metadata':{'labels':{'app':'cart'}},'spec':{'nodeSelector':{'disk':'ssd'},"
            + "'containers':[{'name':'web','resources':{'requests':{'cpu':'500m','memory':'256Mi'}}},"
            + "{'name':'side','resources':{'requests':{'cpu':'250m'}}}],"
            + "'initContainers':[{'name':'init','resources':{'requests':{'cpu':'1'}}}]}}}}");

    static final KubeObject RUNNING = object("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'cart-a','namespace':'shop',"
            + "'labels':{'app':'cart'}},'spec':{'nodeName':'busy','containers':[{'name':'web','resources':{'requests':{'cpu':'1500m'}}}]}}");

    static Placement.Result evaluate(List<KubeObject> nodes, List<KubeObject> pods) {
        JsonNode object = WORKLOAD.json();
        return Placement.evaluate("Deployment/cart", "shop", object, Placement.podSpec(object), nodes, pods);
    }

    @Test
    void aPodRequestsTheSumOfItsContainersOrItsLargestInitContainer() {
        assertThat(Placement.podRequests(Placement.podSpec(WORKLOAD.json())))
                .containsEntry("cpu", new BigDecimal("1")).containsKey("memory");
    }

    @Test
    void eachNodeIsJudgedWithItsReasons() {
        Placement.Result result = evaluate(List.of(node("free", "", "2"), node("busy", "", "2"),
                node("cordoned", "'unschedulable':true", "8"),
                node("tainted", "'taints':[{'key':'gpu','effect':'NoSchedule'}]", "8")), List.of(RUNNING));

        assertThat(result.fitting()).isEqualTo(1);
        assertThat(result.nodes()).filteredOn(n -> n.node().equals("free")).singleElement()
                .satisfies(n -> assertThat(n.verdict()).isEqualTo("fits"));
        assertThat(result.nodes()).filteredOn(n -> n.node().equals("busy")).singleElement().satisfies(n -> {
            assertThat(n.fits()).isFalse();
            assertThat(n.reasons()).anyMatch(r -> r.startsWith("insufficient cpu"));
            assertThat(n.podsOfWorkload()).isEqualTo(1);
        });
        assertThat(result.nodes()).filteredOn(n -> n.node().equals("cordoned")).singleElement()
                .satisfies(n -> assertThat(n.reasons()).contains("node is cordoned (unschedulable)"));
        assertThat(result.nodes()).filteredOn(n -> n.node().equals("tainted")).singleElement()
                .satisfies(n -> assertThat(n.reasons()).contains("taint gpu:NoSchedule is not tolerated"));
    }

    @Test
    void aNodeSelectorTheNodeDoesNotMatchRulesItOut() {
        KubeObject plain = object("{'apiVersion':'v1','kind':'Node','metadata':{'name':'hdd','labels':{'disk':'hdd'}},"
                + "'status':{'allocatable':{'cpu':'8'},'conditions':[{'type':'Ready','status':'True'}]}}");
        Placement.Result result = evaluate(List.of(plain), List.of());

        assertThat(result.nodes().get(0).reasons()).anyMatch(r -> r.startsWith("nodeSelector disk=ssd does not match"));
    }

    @Test
    void onlyWorkloadsHaveAPodTemplate() {
        assertThat(Placement.podSpec(object("{'kind':'ConfigMap','metadata':{'name':'c'}}").json())).isNull();
        assertThat(Placement.podSpec(object("{'kind':'CronJob','metadata':{'name':'c'},'spec':{'jobTemplate':{'spec':"
                + "{'template':{'spec':{'containers':[]}}}}}}").json())).isNotNull();
    }
}

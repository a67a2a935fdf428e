package dev.kubeatlas.workload.service.insight;

import dev.kubeatlas.workload.kube.ApiResourceType;
import dev.kubeatlas.workload.kube.KubeObject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.kubeatlas.workload.service.Fixtures.CONFIG_MAPS;
import static dev.kubeatlas.workload.service.Fixtures.DEPLOYMENTS;
import static dev.kubeatlas.workload.service.Fixtures.NODES;
import static dev.kubeatlas.workload.service.Fixtures.PODS;
import static dev.kubeatlas.workload.service.Fixtures.REPLICA_SETS;
import static dev.kubeatlas.workload.service.Fixtures.SERVICES;
import static dev.kubeatlas.workload.service.Fixtures.object;
import static org.assertj.core.api.Assertions.assertThat;

class RelationsTest {

    static final KubeObject DEPLOYMENT = object("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'cart',"
            + "'namespace':'shop','uid':'d1'},'spec':{'replicas':1}}");
    static final KubeObject REPLICA_SET = object("{'apiVersion':'apps/v1','kind':'ReplicaSet','metadata':{'name':'cart-1',"
            + "'namespace':'shop','uid':'r1','ownerReferences':[{'apiVersion':'apps/v1','kind':'Deployment','name':'cart','uid':'d1'}]}}");
    static final KubeObject POD = object("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'cart-1-a','namespace':'shop',"
            + "'uid':'p1','labels':{'app':'cart'},'ownerReferences':[{'apiVersion':'apps/v1','kind':'ReplicaSet','name':'cart-1','uid':'r1'}]},"
            + "'spec':{'nodeName':'n1','volumes':[{'name':'c','configMap':{'name':'cart-config'}}],'containers':[{'name':'web','image':'cart:1'}]},"
            + "'status':{'phase':'Running'}}");
    static final KubeObject OTHER_POD = object("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'db-0','namespace':'shop',"
            + "'uid':'p2','labels':{'app':'db'}},'spec':{'containers':[{'name':'db','image':'pg'}]}}");
    static final KubeObject SERVICE = object("{'apiVersion':'v1','kind':'Service','metadata':{'name':'cart','namespace':'shop','uid':'s1'},"
            + "'spec':{'selector':{'app':'cart'}}}");
    static final KubeObject CONFIG = object("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cart-config','namespace':'shop','uid':'c1'}}");
    static final KubeObject NODE = object("{'apiVersion':'v1','kind':'Node','metadata':{'name':'n1','uid':'n1'}}");

    static Snapshots.Snapshot snapshot() {
        Map<ApiResourceType, List<KubeObject>> objects = new LinkedHashMap<>();
        objects.put(DEPLOYMENTS, List.of(DEPLOYMENT));
        objects.put(REPLICA_SETS, List.of(REPLICA_SET));
        objects.put(PODS, List.of(POD, OTHER_POD));
        objects.put(SERVICES, List.of(SERVICE));
        objects.put(CONFIG_MAPS, List.of(CONFIG));
        objects.put(NODES, List.of(NODE));
        return new Snapshots.Snapshot(objects);
    }

    @Test
    void aDeploymentReachesItsPodsAndWhatTheyUseThroughItsOwnerChain() {
        Relations.Graph graph = Relations.graph(DEPLOYMENTS, DEPLOYMENT, snapshot(), 3);

        assertThat(graph.root()).isEqualTo("Deployment/shop/cart");
        assertThat(graph.nodes()).extracting(Relations.Node::id).containsExactlyInAnyOrder("Deployment/shop/cart",
                "ReplicaSet/shop/cart-1", "Pod/shop/cart-1-a", "Service/shop/cart", "ConfigMap/shop/cart-config", "Node/n1")
                .doesNotContain("Pod/shop/db-0");
        assertThat(graph.edges()).extracting(e -> e.from() + " " + e.relation() + " " + e.to()).contains(
                "Deployment/shop/cart owns ReplicaSet/shop/cart-1",
                "ReplicaSet/shop/cart-1 owns Pod/shop/cart-1-a",
                "Service/shop/cart selects Pod/shop/cart-1-a",
                "Pod/shop/cart-1-a mounts ConfigMap/shop/cart-config",
                "Pod/shop/cart-1-a runs-on Node/n1");
        assertThat(graph.nodes()).filteredOn(n -> n.kind().equals("Pod")).extracting(Relations.Node::status)
                .containsExactly("Running");
    }

    @Test
    void depthBoundsHowFarTheGraphReaches() {
        Relations.Graph graph = Relations.graph(DEPLOYMENTS, DEPLOYMENT, snapshot(), 1);

        assertThat(graph.nodes()).extracting(Relations.Node::id)
                .containsExactlyInAnyOrder("Deployment/shop/cart", "ReplicaSet/shop/cart-1");
        assertThat(graph.edges()).hasSize(1);
    }

    @Test
    void aConfigMapFindsThePodsThatMountIt() {
        Relations.Graph graph = Relations.graph(CONFIG_MAPS, CONFIG, snapshot(), 1);

        assertThat(graph.edges()).extracting(e -> e.from() + " " + e.relation() + " " + e.to())
                .containsExactly("Pod/shop/cart-1-a mounts ConfigMap/shop/cart-config");
    }

    @Test
    void ingressBackendsAreNamedFromTheDefaultAndEveryPath() {
        var spec = object("{'kind':'Ingress','metadata':{'name':'i'},'spec':{'defaultBackend':{'service':{'name':'a'}},"
                + "'rules':[{'http':{'paths':[{'backend':{'service':{'name':'b'}}}]}}]}}").json().path("spec");
        assertThat(Relations.ingressServices(spec)).containsExactly("a", "b");
    }
}

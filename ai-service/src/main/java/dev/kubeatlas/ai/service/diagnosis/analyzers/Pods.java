package dev.kubeatlas.ai.service.diagnosis.analyzers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.ai.service.diagnosis.ObjectRef;

import java.util.ArrayList;
import java.util.List;

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.list;
import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.text;

/** Reads of a pod's spec and status shared by the pod analyzers. */
final class Pods {

    private Pods() {
    }

    static ObjectRef ref(JsonNode pod) {
        return dev.kubeatlas.ai.service.diagnosis.KubeObjects.ref("Pod", pod);
    }

    static boolean terminal(JsonNode pod) {
        String phase = text(pod, "status", "phase");
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** Status of app containers, then of init containers, each tagged by which list it came from. */
    static List<JsonNode> containerStatuses(JsonNode pod) {
        return list(pod, "status", "containerStatuses");
    }

    static List<JsonNode> initContainerStatuses(JsonNode pod) {
        return list(pod, "status", "initContainerStatuses");
    }

    /** The spec of a container (app or init) by name, or a missing node. */
    static JsonNode container(JsonNode pod, String name) {
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode c : list(pod, "spec", list)) {
                if (name.equals(text(c, "name"))) {
                    return c;
                }
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static List<JsonNode> allContainers(JsonNode pod) {
        List<JsonNode> all = new ArrayList<>(list(pod, "spec", "initContainers"));
        all.addAll(list(pod, "spec", "containers"));
        return all;
    }

    /** {@code status.containerStatuses[name]} or the init list, for evidence fields. */
    static String statusField(JsonNode pod, String container, String rest) {
        boolean init = initContainerStatuses(pod).stream().anyMatch(s -> container.equals(text(s, "name")));
        return "status." + (init ? "initContainerStatuses" : "containerStatuses") + "[" + container + "]." + rest;
    }

    static String waitingReason(JsonNode status) {
        return text(status, "state", "waiting", "reason");
    }

    static boolean ready(JsonNode pod) {
        JsonNode c = dev.kubeatlas.ai.service.diagnosis.KubeObjects.condition(pod, "Ready");
        return c != null && "True".equals(text(c, "status"));
    }

    /** What an exit code usually means, for the summary; empty when it says nothing beyond "failed". */
    static String exitCodeMeaning(long code) {
        return switch ((int) code) {
            case 126 -> " (command not executable)";
            case 127 -> " (command not found)";
            case 137 -> " (killed by SIGKILL)";
            case 139 -> " (segmentation fault)";
            case 143 -> " (terminated by SIGTERM)";
            default -> "";
        };
    }
}

package dev.kubeatlas.ai.service.diagnosis.analyzers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeatlas.ai.service.diagnosis.ClusterSnapshot;
import dev.kubeatlas.ai.service.diagnosis.ObjectRef;

import static dev.kubeatlas.ai.service.diagnosis.KubeObjects.list;

/** Reads of a Service's Endpoints shared by the analyzers. */
final class Services {

    private Services() {
    }

    /** Ready addresses in the Service's Endpoints object; -1 when there is no Endpoints object. */
    static int readyAddresses(ClusterSnapshot snapshot, ObjectRef service) {
        JsonNode endpoints = snapshot.get("Endpoints", service.namespace(), service.name());
        if (endpoints == null) {
            return -1;
        }
        int ready = 0;
        for (JsonNode subset : list(endpoints, "subsets")) {
            ready += list(subset, "addresses").size();
        }
        return ready;
    }
}

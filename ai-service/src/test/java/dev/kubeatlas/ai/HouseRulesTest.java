package dev.kubeatlas.ai;

import dev.kubeatlas.testing.HouseRules;
import org.junit.jupiter.api.Test;

/** The service keeps the house layout: rest, service, kube (the only fabric8 importer), model, events, config. */
class HouseRulesTest {

    @Test
    void theServiceFollowsTheHouseLayout() {
        HouseRules.check("dev.kubeatlas.ai");
    }
}

package dev.kubeatlas.cluster;

import dev.kubeatlas.testing.HouseRules;
import org.junit.jupiter.api.Test;

/** The service keeps the platform's layout: layers, rest without Panache or fabric8, only kube imports fabric8. */
class HouseRulesTest {

    @Test
    void theServiceKeepsTheHouseRules() {
        HouseRules.check("dev.kubeatlas.cluster");
    }
}

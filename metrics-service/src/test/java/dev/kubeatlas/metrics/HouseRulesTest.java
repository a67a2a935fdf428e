package dev.kubeatlas.metrics;

import dev.kubeatlas.testing.HouseRules;
import org.junit.jupiter.api.Test;

/** The service keeps the platform's layout: rest, service, kube, model, events, config, and their dependency rules. */
class HouseRulesTest {

    @Test
    void theServiceKeepsTheHouseLayout() {
        HouseRules.check("dev.kubeatlas.metrics");
    }
}

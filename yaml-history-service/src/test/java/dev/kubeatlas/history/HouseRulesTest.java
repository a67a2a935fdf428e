package dev.kubeatlas.history;

import dev.kubeatlas.testing.HouseRules;
import org.junit.jupiter.api.Test;

/** The service keeps the platform's layout: rest, service, model, events, config, and the rules between them. */
class HouseRulesTest {

    @Test
    void theServiceKeepsTheHouseLayout() {
        HouseRules.check("dev.kubeatlas.history");
    }
}

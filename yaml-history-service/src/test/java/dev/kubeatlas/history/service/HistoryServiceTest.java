package dev.kubeatlas.history.service;

import dev.kubeatlas.history.model.TrackedResource;
import dev.kubeatlas.history.service.HistoryService.ResourceKey;
import dev.kubeatlas.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a path's {@code {resource}} names a tracked resource: the exact type, or a plural that is unambiguous. */
class HistoryServiceTest {

    static TrackedResource tracked(String resource) {
        TrackedResource t = new TrackedResource();
        t.cluster = "prod";
        t.resource = resource;
        t.namespace = "shop";
        t.name = "cart";
        return t;
    }

    static ResourceKey key(String resource) {
        return new ResourceKey("prod", resource, "shop", "cart");
    }

    @Test
    void theExactTypeWinsOverTypesOfTheSamePlural() {
        TrackedResource core = tracked("events");
        TrackedResource grouped = tracked("events.events.k8s.io");
        assertThat(HistoryService.only(key("events"), List.of(grouped, core))).isSameAs(core);
        assertThat(HistoryService.only(key("events.events.k8s.io"), List.of(grouped, core))).isSameAs(grouped);
    }

    @Test
    void aPluralNamesTheOneTypeOfThatPluralWithHistory() {
        TrackedResource deployments = tracked("deployments.apps");
        assertThat(HistoryService.only(key("deployments"), List.of(deployments))).isSameAs(deployments);
    }

    @Test
    void anAmbiguousPluralIs400AndNoMatchIs404() {
        List<TrackedResource> two = List.of(tracked("widgets.a.example.com"), tracked("widgets.b.example.com"));
        assertThatThrownBy(() -> HistoryService.only(key("widgets"), two)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.slug()).isEqualTo("ambiguous-resource");
            assertThat(e.getMessage()).contains("plural.group");
        });
        assertThatThrownBy(() -> HistoryService.only(key("deployments"), List.of()))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.slug()).isEqualTo("history-not-found");
                });
    }
}

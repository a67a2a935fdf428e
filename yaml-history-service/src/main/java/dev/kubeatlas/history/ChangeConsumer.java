package dev.kubeatlas.history;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Versions from {@code kubeatlas.resource.changes}; an invalid record goes to its {@code .dlq}. */
@ApplicationScoped
public class ChangeConsumer {

    private final History history;

    public ChangeConsumer(History history) {
        this.history = history;
    }

    @Incoming("resource-changes")
    public Uni<Void> consume(String payload) {
        return history.record(payload);
    }
}

package dev.kubeatlas.support.concurrent;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * Runs blocking work (the Kubernetes client, crypto on large inputs) on the worker pool and comes back to the
 * caller's Vert.x context, so reactive database sessions opened there stay usable afterwards.
 */
public final class Blocking {

    public static <T> Uni<T> call(Supplier<T> work) {
        Context context = Vertx.currentContext();
        Uni<T> onWorker = Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        if (context == null) {
            return onWorker;
        }
        return onWorker.emitOn(Contexts.executor(context));
    }

    private Blocking() {
    }
}

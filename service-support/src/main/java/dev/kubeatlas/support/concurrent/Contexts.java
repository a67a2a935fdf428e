package dev.kubeatlas.support.concurrent;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.Executor;

/**
 * Vert.x contexts for background work that uses the database: each unit of work (one cluster's health check, one
 * cluster's change stream, one collection) gets a duplicated context of its own, marked safe, so its reactive
 * session never meets another's.
 */
public final class Contexts {

    public static Context isolated(Vertx vertx) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return context;
    }

    /** Runs tasks on {@code context}, e.g. for Mutiny's {@code emitOn}. */
    public static Executor executor(Context context) {
        return task -> context.runOnContext(ignored -> task.run());
    }

    private Contexts() {
    }
}

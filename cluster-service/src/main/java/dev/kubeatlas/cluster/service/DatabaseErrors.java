package dev.kubeatlas.cluster.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.JDBCException;
import org.hibernate.StaleStateException;

import java.sql.SQLException;
import java.util.function.Supplier;

/** What a failed database write means, read from the exception's cause chain (never from its message). */
final class DatabaseErrors {

    /** PostgreSQL's SQLState for a unique violation. */
    static final String UNIQUE_VIOLATION = "23505";

    private DatabaseErrors() {
    }

    /** A row with the same key exists: SQLState 23505 somewhere in the cause chain. */
    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (UNIQUE_VIOLATION.equals(sqlState(t))) {
                return true;
            }
        }
        return false;
    }

    /** The row was written by someone else since it was read: its version no longer matches. */
    static boolean isVersionConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
                return true;
            }
        }
        return false;
    }

    /** How often a write that lost a race to another is read and made again. */
    static final int ATTEMPTS = 3;

    /**
     * Runs a read-and-write again, from its read, when its write found the row changed since (up to
     * {@link #ATTEMPTS} times in all). {@code work} must open its own session (a new one on each attempt).
     */
    static <T> Uni<T> retryOnVersionConflict(Supplier<Uni<T>> work) {
        return Uni.createFrom().<T>deferred(work::get)
                .onFailure(DatabaseErrors::isVersionConflict)
                .invoke(e -> Log.debugf("Version conflict, reading again: %s", e.getMessage()))
                .onFailure(DatabaseErrors::isVersionConflict).retry().atMost(ATTEMPTS - 1);
    }

    private static String sqlState(Throwable t) {
        if (t instanceof PgException pg) {
            return pg.getSqlState();
        }
        if (t instanceof JDBCException jdbc) {
            return jdbc.getSQLException() != null ? jdbc.getSQLException().getSQLState() : null;
        }
        if (t instanceof SQLException sql) {
            return sql.getSQLState();
        }
        return null;
    }
}

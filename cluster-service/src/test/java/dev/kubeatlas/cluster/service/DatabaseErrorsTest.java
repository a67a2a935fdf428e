package dev.kubeatlas.cluster.service;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleObjectStateException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unique violations and version conflicts are read from the cause chain, never from message text. */
class DatabaseErrorsTest {

    @Test
    void aUniqueViolationIsSqlState23505AnywhereInTheChain() {
        PgException duplicate = new PgException("duplicate key value violates unique constraint", "ERROR", "23505",
                "Key (name)=(shop) already exists.");
        assertThat(DatabaseErrors.isUniqueViolation(new CompletionException(new RuntimeException(duplicate)))).isTrue();
        assertThat(DatabaseErrors.isUniqueViolation(new SQLException("duplicate", "23505"))).isTrue();
    }

    @Test
    void otherStatesAndMessagesThatMerelyMentionTheCodeAreNot() {
        assertThat(DatabaseErrors.isUniqueViolation(new PgException("null value", "ERROR", "23502", null))).isFalse();
        assertThat(DatabaseErrors.isUniqueViolation(new RuntimeException("error 23505 somewhere in a text"))).isFalse();
        assertThat(DatabaseErrors.isUniqueViolation(new RuntimeException())).isFalse();
    }

    @Test
    void aVersionConflictIsAStaleStateOrOptimisticLockFailure() {
        assertThat(DatabaseErrors.isVersionConflict(new CompletionException(
                new StaleObjectStateException("dev.kubeatlas.cluster.model.Cluster", "shop")))).isTrue();
        assertThat(DatabaseErrors.isVersionConflict(new OptimisticLockException("stale"))).isTrue();
        assertThat(DatabaseErrors.isVersionConflict(new RuntimeException("Row was updated or deleted"))).isFalse();
    }

    @Test
    void aWriteThatLosesARaceIsMadeAgainFromItsReadAFewTimesAtMost() {
        AtomicInteger attempts = new AtomicInteger();
        String result = DatabaseErrors.retryOnVersionConflict(() -> Uni.createFrom().item(attempts::incrementAndGet)
                .map(n -> {
                    if (n < 2) {
                        throw new OptimisticLockException("stale");
                    }
                    return "written on attempt " + n;
                })).await().indefinitely();
        assertThat(result).isEqualTo("written on attempt 2");

        attempts.set(0);
        assertThatThrownBy(() -> DatabaseErrors.retryOnVersionConflict(() -> Uni.createFrom().<String>failure(() -> {
            attempts.incrementAndGet();
            return new OptimisticLockException("stale");
        })).await().indefinitely()).isInstanceOf(OptimisticLockException.class);
        assertThat(attempts).hasValue(DatabaseErrors.ATTEMPTS);

        attempts.set(0);
        assertThatThrownBy(() -> DatabaseErrors.retryOnVersionConflict(() -> Uni.createFrom().<String>failure(() -> {
            attempts.incrementAndGet();
            return new IllegalStateException("other");
        })).await().indefinitely()).isInstanceOf(IllegalStateException.class);
        assertThat(attempts).hasValue(1);
    }
}

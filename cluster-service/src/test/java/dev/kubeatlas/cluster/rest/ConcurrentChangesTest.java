package dev.kubeatlas.cluster.rest;

import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.SandboxResource;
import dev.kubeatlas.testing.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.kubeatlas.cluster.rest.ClusterResourceTest.PROBLEM;
import static dev.kubeatlas.cluster.rest.ClusterResourceTest.registration;
import static dev.kubeatlas.cluster.rest.ClusterResourceTest.secretToken;
import static dev.kubeatlas.cluster.rest.ClusterResourceTest.uniqueName;
import static dev.kubeatlas.testing.SandboxResource.sandbox;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A client's change and a health check written at the same moment do not overwrite each other. The race is made
 * certain: the test holds the cluster's row, lets the service's write queue up behind it, and commits a write of its
 * own first (as the other writer would), so that the service's write finds the row changed since it read it.
 */
@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
@QuarkusTestResource(SandboxResource.class)
class ConcurrentChangesTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aPatchThatLosesTheRaceToAHealthCheckIsA409AndOverwritesNothing() throws Exception {
        String name = quietCluster("race-patch");
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            hold(other, name);
            CompletableFuture<Response> patch = CompletableFuture.supplyAsync(() ->
                    given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                            .body(Map.of("displayName", "Set by the client")).patch("/api/v1/clusters/" + name));
            awaitWriteQueuedBehind(other);
            // what a health check writes, committed first
            write(other, "update cluster set status_reason = 'Checked meanwhile', version = version + 1 where name = ?", name);
            other.commit();

            patch.get().then().statusCode(409).contentType(PROBLEM).body("type", containsString("cluster-changed"));
        }
        given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/" + name)
                .then().statusCode(200)
                .body("statusReason", equalTo("Checked meanwhile"))
                .body("displayName", equalTo(name + " (simulated)"));
    }

    @Test
    void aHealthCheckThatLosesTheRaceToAChangeReadsAgainAndKeepsTheChange() throws Exception {
        String name = quietCluster("race-check");
        Instant before = Instant.parse(given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/" + name)
                .then().statusCode(200).extract().path("lastCheckAt"));
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            hold(other, name);
            CompletableFuture<Response> check = CompletableFuture.supplyAsync(() ->
                    given().auth().oauth2(Tokens.admin()).post("/api/v1/clusters/" + name + "/test"));
            awaitWriteQueuedBehind(other);
            // what a client's PATCH writes, committed first
            write(other, "update cluster set display_name = 'Renamed meanwhile', version = version + 1 where name = ?", name);
            other.commit();

            check.get().then().statusCode(200).body("status", equalTo("connected"));
        }
        Response after = given().auth().oauth2(Tokens.viewer()).get("/api/v1/clusters/" + name);
        after.then().statusCode(200).body("displayName", equalTo("Renamed meanwhile"));
        assertThat(Instant.parse(after.path("lastCheckAt"))).isAfter(before);
    }

    /** A registered cluster the monitor leaves alone, once any check of it that was under way is done. */
    private static String quietCluster(String prefix) {
        String name = uniqueName(prefix);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(registration(name, sandbox().kubeconfig(name, secretToken())))
                .post("/api/v1/clusters").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("checkIntervalSeconds", 86400))
                .patch("/api/v1/clusters/" + name).then().statusCode(200);
        // a check started before the interval changed ends within the connect timeout (2 s in tests)
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        return name;
    }

    /** Locks the row as a writer does, without taking the key lock that inserts of its checks need. */
    private static void hold(Connection c, String name) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("select name from cluster where name = ? for no key update")) {
            lock.setString(1, name);
            lock.executeQuery().close();
        }
    }

    /**
     * Waits until another session waits for a lock this connection holds. Asked on a connection of its own: within
     * the holder's transaction the activity view would be a snapshot taken at its first read.
     */
    private void awaitWriteQueuedBehind(Connection holder) throws SQLException {
        int pid;
        try (ResultSet rs = holder.createStatement().executeQuery("select pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Connection observer = dataSource.getConnection();
                 PreparedStatement q = observer.prepareStatement(
                         "select count(*) from pg_stat_activity where ? = any(pg_blocking_pids(pid))")) {
                q.setInt(1, pid);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) > 0;
                }
            }
        });
    }

    private static void write(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(sql)) {
            update.setString(1, name);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}

package dev.kubeatlas.e2e;

import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.kubeatlas.e2e.PlatformSmokeE2E.GATEWAY;
import static dev.kubeatlas.e2e.PlatformSmokeE2E.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The sandbox through metrics-service: its health with the reasons, and no usage without a metrics API. */
class MetricsE2E {

    @BeforeAll
    static void gateway() {
        RestAssured.baseURI = GATEWAY;
    }

    @Test
    void theSandboxsHealthNamesTheCrashLoopingPodAndUsageIsMissingCleanly() {
        given().auth().oauth2(token("viewer")).get("/api/v1/metrics/clusters/sandbox/summary")
                .then().statusCode(200)
                .body("summary.health", equalTo("warning"))
                .body("summary.issues", hasItem(containsString("CrashLoopBackOff")))
                .body("usageAvailable", equalTo(false));
        given().auth().oauth2(token("viewer")).get("/api/v1/metrics/summary")
                .then().statusCode(200).body("items.cluster", hasItem("sandbox"));
    }
}

package dev.kubeatlas.ai;

import dev.kubeatlas.testing.KafkaBroker;
import dev.kubeatlas.testing.OidcWireMock;
import dev.kubeatlas.testing.ServiceContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(OidcWireMock.class)
@QuarkusTestResource(KafkaBroker.class)
class ServiceBootTest extends ServiceContract {
}

package dev.kubeatlas.support.consumer;

import dev.kubeatlas.support.rest.Items;
import dev.kubeatlas.support.security.Roles;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;

/**
 * Internal, not routed by the gateway: which clusters this service knows of and from which event, to check that
 * lifecycle events reached it.
 */
@Path("/internal/v1/known-clusters")
@Produces(MediaType.APPLICATION_JSON)
@IfBuildProperty(name = "kubeatlas.consumes.cluster-lifecycle", stringValue = "true")
public class KnownClustersResource {

    public record KnownClusterView(String name, String displayName, String provider, String status,
                                   String kubernetesVersion, boolean sandbox, Instant registeredAt, Instant updatedAt,
                                   String lastEventId) {
    }

    private final ClusterDirectory directory;

    public KnownClustersResource(ClusterDirectory directory) {
        this.directory = directory;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SERVICE})
    public Uni<Items<KnownClusterView>> list() {
        return directory.list().map(all -> Items.of(all.stream()
                .map(c -> new KnownClusterView(c.name, c.displayName, c.provider, c.status, c.kubernetesVersion,
                        c.sandbox, c.registeredAt, c.updatedAt, c.lastEventId))
                .toList()));
    }
}

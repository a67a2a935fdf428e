package dev.kubeatlas.events.audit.v1;

import java.util.List;

/**
 * A mutation was attempted through KubeAtlas.
 *
 * @param action  verb: {@code create}, {@code update}, {@code patch}, {@code delete}, {@code scale}, {@code restart}, ...
 * @param outcome {@code success} or {@code failure}
 * @param status  HTTP status the caller received
 * @param roles   the actor's platform roles at the time
 */
public record AuditRecorded(
        String cluster,
        String actor,
        String action,
        String resource,
        String namespace,
        String name,
        boolean dryRun,
        String outcome,
        int status,
        String detail,
        List<String> roles) {
}

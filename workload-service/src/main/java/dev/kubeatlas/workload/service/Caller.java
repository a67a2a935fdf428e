package dev.kubeatlas.workload.service;

import dev.kubeatlas.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;

import java.util.List;

/** Who asks: the user name and platform roles from the token. */
public record Caller(String name, List<String> roles) {

    public static Caller of(SecurityIdentity identity) {
        return new Caller(identity.getPrincipal().getName(), identity.getRoles().stream()
                .filter(r -> List.of(Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN, Roles.SERVICE).contains(r))
                .sorted().toList());
    }

    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }

    public boolean mayOperate() {
        return roles.contains(Roles.ADMIN) || roles.contains(Roles.OPERATOR);
    }
}
